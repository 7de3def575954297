package com.compozy.monitoring.it.http;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** A plain servlet that fails: the container then dispatches its error page, a JAX-RS resource. */
@WebServlet("/servlet/throws")
public class ThrowingServlet extends HttpServlet {
  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) {
    throw new ServletFailure();
  }
}
