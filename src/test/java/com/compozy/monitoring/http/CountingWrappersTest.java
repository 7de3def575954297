package com.compozy.monitoring.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The sizes recorded are the body bytes read and written, whichever API the application uses. */
class CountingWrappersTest {
  @Test
  void countsBytesReadThroughTheInputStreamSingleAndBulk() throws Exception {
    CountingRequest request = counting(FakeServlet.request("POST", "/api/x").chunked("hello world"));
    ServletInputStream in = request.getInputStream();
    assertThat(in.read()).isEqualTo('h');
    assertThat(in.read(new byte[4], 0, 4)).isEqualTo(4);
    assertThat(request.bodySize()).isEqualTo(5);
    assertThat(in.readAllBytes()).hasSize(6);
    assertThat(in.read()).isEqualTo(-1); // the end of the stream adds nothing
    assertThat(request.bodySize()).isEqualTo(11);
    assertThat(request.getInputStream()).isSameAs(in);
  }

  @Test
  void theReaderIsTheContainersAndABodyReadAsTextIsSizedByItsContentLength() throws Exception {
    FakeServlet.Request container = FakeServlet.request("POST", "/api/x").body("h\u00e9llo \u20ac").encoding("UTF-8");
    CountingRequest request = counting(container);
    BufferedReader reader = request.getReader();

    assertThat(reader).isSameAs(container.getReader());
    assertThat(reader.readLine()).isEqualTo("h\u00e9llo \u20ac");
    assertThat(request.bodySize()).isEqualTo(10); // the declared 1 + 2 + 3 + 1 + 3 bytes
    // the container's rule, not a second decoder's: a body is read as text or as bytes
    assertThatThrownBy(request::getInputStream).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aChunkedBodyReadAsTextHasNoKnownSize() throws Exception {
    CountingRequest request = counting(FakeServlet.request("POST", "/api/x").chunked("caf\u00e9"));
    assertThat(request.getReader().readLine()).isEqualTo(
        new String("caf\u00e9".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
    assertThat(request.bodySize()).isZero();
  }

  @Test
  void anUnreadBodyIsItsContentLengthAndAnUnknownOneZero() {
    assertThat(counting(FakeServlet.request("POST", "/api/x").body("1234567")).bodySize()).isEqualTo(7);
    assertThat(counting(FakeServlet.request("POST", "/api/x").chunked("1234567")).bodySize()).isZero();
    assertThat(counting(FakeServlet.request("GET", "/api/x")).bodySize()).isZero();
  }

  @Test
  void countsBytesWrittenThroughTheOutputStreamAndTheWriterTogether() throws Exception {
    FakeServlet.Response fake = FakeServlet.response();
    CountingResponse response = new CountingResponse(fake);
    ServletOutputStream out = response.getOutputStream();
    out.write('a');
    out.write(new byte[10], 2, 5);
    assertThat(response.bodySize()).isEqualTo(6);
    PrintWriter writer = response.getWriter();
    writer.print("xyz");
    writer.write(new char[] {'1', '2'}, 0, 2);
    writer.write('!');
    writer.write("abcdef", 1, 2);
    assertThat(response.bodySize()).isEqualTo(14);
    assertThat(response.getOutputStream()).isSameAs(out);
    assertThat(response.getWriter()).isSameAs(writer);
    assertThat(fake.body()).hasSize(14); // everything reached the real response
  }

  @Test
  void anUnwrittenResponseIsItsContentLengthHeaderElseZero() {
    FakeServlet.Response headed = FakeServlet.response();
    headed.setHeader("Content-Length", " 42 ");
    assertThat(new CountingResponse(headed).bodySize()).isEqualTo(42);

    FakeServlet.Response garbled = FakeServlet.response();
    garbled.setHeader("Content-Length", "forty-two");
    assertThat(new CountingResponse(garbled).bodySize()).isZero();

    FakeServlet.Response negative = FakeServlet.response();
    negative.setHeader("Content-Length", "-5");
    assertThat(new CountingResponse(negative).bodySize()).isZero();

    assertThat(new CountingResponse(FakeServlet.response()).bodySize()).isZero();
  }

  @Test
  void writtenBytesWinOverTheHeader() throws Exception {
    FakeServlet.Response fake = FakeServlet.response();
    fake.setHeader("Content-Length", "1000");
    CountingResponse response = new CountingResponse(fake);
    response.getOutputStream().write(new byte[3]);
    assertThat(response.bodySize()).isEqualTo(3);
  }

  private static CountingRequest counting(FakeServlet.Request request) {
    return new CountingRequest(request, request.getContentLengthLong());
  }
}
