package com.compozy.monitoring.it.http;

import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Forwards {@code /forward/x} to {@code /mapped/users/x}, the application {@code web.xml} maps. */
@WebServlet("/forward/*")
public class ForwardingServlet extends HttpServlet {
  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws ServletException, IOException {
    request.getRequestDispatcher("/mapped/users" + request.getPathInfo()).forward(request, response);
  }
}
