package io.arcly.stream.protocol.rtsp.client;

import io.arcly.stream.protocol.rtsp.wire.RtspDecoder;
import io.arcly.stream.protocol.rtsp.wire.RtspRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scripted RTSP camera on loopback: each request of each connection goes to the script, which
 * writes whatever bytes it likes (a proper answer, garbage, media, nothing) on the connection.
 */
final class FakeCamera implements AutoCloseable {
  /** Answers one request on {@code out}. */
  interface Script {
    void answer(RtspRequest request, OutputStream out) throws IOException;
  }

  private final ServerSocket server;
  private final Script script;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final List<RtspRequest> requests = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  FakeCamera(Script script) throws IOException {
    this.script = script;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = Thread.ofVirtual().start(this::accept);
  }

  /** The camera's URL, {@code rtsp://127.0.0.1:PORT/cam}. */
  String url() {
    return "rtsp://127.0.0.1:" + server.getLocalPort() + "/cam";
  }

  /** Every request received so far. */
  List<RtspRequest> requests() {
    return requests;
  }

  /** A response head with {@code CSeq} of {@code req} and {@code headers} (CRLF-separated). */
  static byte[] answer(RtspRequest req, String statusLine, String headers, String body) {
    String text =
        statusLine
            + "\r\nCSeq: "
            + req.cseq()
            + "\r\n"
            + headers
            + (body.isEmpty() ? "" : "Content-Length: " + body.length() + "\r\n")
            + "\r\n"
            + body;
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        open.add(s);
        Thread.ofVirtual().start(() -> serve(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    RtspDecoder decoder = new RtspDecoder();
    byte[] buf = new byte[64 * 1024];
    ByteBuffer bb = ByteBuffer.wrap(buf);
    bb.limit(0);
    try (s) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      while (true) {
        bb.compact();
        int r = in.read(buf, bb.position(), bb.remaining());
        if (r < 0) {
          return;
        }
        bb.position(bb.position() + r);
        bb.flip();
        List<RtspRequest> got = new CopyOnWriteArrayList<>();
        decoder.decode(
            bb,
            m -> {
              if (m instanceof RtspRequest q) {
                got.add(q);
              }
            });
        for (RtspRequest q : got) {
          requests.add(q);
          script.answer(q, out);
          out.flush();
        }
      }
    } catch (IOException | RuntimeException e) {
      // the client left, or the script closed the connection
    }
  }

  @Override
  public void close() throws Exception {
    server.close();
    for (Socket s : open) {
      s.close();
    }
    acceptor.join(5_000);
  }
}
