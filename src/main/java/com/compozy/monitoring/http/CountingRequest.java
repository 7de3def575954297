package com.compozy.monitoring.http;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;

/**
 * Counts the request body bytes the application reads through {@link #getInputStream()}. The
 * reader is the container's own, left alone: decoding is the container's (its default encoding, its
 * handling of malformed input, its rule that only one of the two may be used), so a body read as
 * text is sized by its Content-Length.
 */
final class CountingRequest extends HttpServletRequestWrapper {
  private final long declaredLength;
  private CountingInputStream input;

  /** @param declaredLength the request's Content-Length, -1 if unknown (read once, by the caller) */
  CountingRequest(HttpServletRequest request, long declaredLength) {
    super(request);
    this.declaredLength = declaredLength;
  }

  @Override
  public ServletInputStream getInputStream() throws IOException {
    if (input == null) {
      input = new CountingInputStream(super.getInputStream());
    }
    return input;
  }

  /** Bytes read from the stream if any, else the declared Content-Length, else 0, as the original. */
  long bodySize() {
    long read = input == null ? 0 : input.count;
    if (read > 0) {
      return read;
    }
    return Math.max(declaredLength, 0);
  }

  private static final class CountingInputStream extends ServletInputStream {
    private final ServletInputStream delegate;
    private long count;

    CountingInputStream(ServletInputStream delegate) {
      this.delegate = delegate;
    }

    @Override
    public int read() throws IOException {
      int b = delegate.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = delegate.read(buffer, offset, length);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public boolean isFinished() {
      return delegate.isFinished();
    }

    @Override
    public boolean isReady() {
      return delegate.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      delegate.setReadListener(listener);
    }

    @Override
    public int available() throws IOException {
      return delegate.available();
    }

    @Override
    public void close() throws IOException {
      delegate.close();
    }
  }
}
