package com.compozy.monitoring.it.perf;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.annotation.WebFilter;
import java.io.IOException;

/**
 * A servlet filter that does nothing: deployed with monitoring off, it shows what the runtime's
 * filter chain costs by itself, the floor under any servlet-filter-based instrumentation.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class PassThroughFilter implements Filter {
  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    chain.doFilter(request, response);
  }
}
