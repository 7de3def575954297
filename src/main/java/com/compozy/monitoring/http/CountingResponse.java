package com.compozy.monitoring.http;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;

/** Counts the response body bytes the application writes, streamed or not. */
final class CountingResponse extends HttpServletResponseWrapper {
  private CountingOutputStream output;
  private CountingWriter writer;

  CountingResponse(HttpServletResponse response) {
    super(response);
  }

  @Override
  public ServletOutputStream getOutputStream() throws IOException {
    if (output == null) {
      output = new CountingOutputStream(super.getOutputStream());
    }
    return output;
  }

  @Override
  public PrintWriter getWriter() throws IOException {
    if (writer == null) {
      writer = new CountingWriter(super.getWriter());
    }
    return writer;
  }

  /**
   * Bytes written if any, else the Content-Length header, else 0, as the original. Characters
   * written through the writer count one byte each: exact for ASCII, low for other text.
   */
  long bodySize() {
    long written = (output == null ? 0 : output.count) + (writer == null ? 0 : writer.count);
    if (written > 0) {
      return written;
    }
    String length = getHeader("Content-Length");
    if (length != null) {
      try {
        return Math.max(Long.parseLong(length.trim()), 0);
      } catch (NumberFormatException e) {
        return 0;
      }
    }
    return 0;
  }

  private static final class CountingOutputStream extends ServletOutputStream {
    private final ServletOutputStream delegate;
    private long count;

    CountingOutputStream(ServletOutputStream delegate) {
      this.delegate = delegate;
    }

    @Override
    public void write(int b) throws IOException {
      delegate.write(b);
      count++;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      delegate.write(bytes, offset, length);
      count += length;
    }

    @Override
    public void flush() throws IOException {
      delegate.flush();
    }

    @Override
    public void close() throws IOException {
      delegate.close();
    }

    @Override
    public boolean isReady() {
      return delegate.isReady();
    }

    @Override
    public void setWriteListener(WriteListener listener) {
      delegate.setWriteListener(listener);
    }
  }

  /** Counts and passes each call straight through: PrintWriter itself holds no buffer here. */
  private static final class CountingWriter extends PrintWriter {
    private long count;

    CountingWriter(PrintWriter delegate) {
      super(delegate);
    }

    @Override
    public void write(int c) {
      super.write(c);
      count++;
    }

    @Override
    public void write(char[] chars, int offset, int length) {
      super.write(chars, offset, length);
      count += length;
    }

    @Override
    public void write(String text, int offset, int length) {
      super.write(text, offset, length);
      count += length;
    }
  }
}
