package io.arcly.stream.conformance;

import io.arcly.stream.protocol.rtsp.wire.RtspDecoder;
import io.arcly.stream.protocol.rtsp.wire.RtspRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * A camera on loopback replaying a {@link CameraScript}: a TCP listener answering each request of
 * this server's pull client with the captured server's adapted answer, a pair of local UDP sockets
 * for each captured SETUP answer's {@code server_port}, and after PLAY the captured media, paced by
 * capture time: interleaved frames on the connection (on the client's channels), or the captured
 * RTP and RTCP datagrams from the socket standing in for the captured server port to the client's
 * port standing in for the captured client port. SSRCs, sequence numbers and payloads go as
 * captured.
 */
final class ReplayedCamera implements AutoCloseable {
  private final CameraScript script;
  private final ServerSocket listener;
  private final Map<Integer, DatagramSocket> udp = new HashMap<>();
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final List<Thread> threads = new CopyOnWriteArrayList<>();

  /** Every connection's conversation, in the order they came. */
  final List<CameraScript.Conversation> conversations = new CopyOnWriteArrayList<>();

  /** Completes when a connection got every captured media unit. */
  final CompletableFuture<Void> mediaSent = new CompletableFuture<>();

  /** Completes when the client closed a connection after PLAY (its end of the session). */
  final CompletableFuture<Void> closedAfterPlay = new CompletableFuture<>();

  volatile int mediaUnitsSent;
  volatile int mediaUnitsUnmapped;

  ReplayedCamera(CameraScript script) throws IOException {
    this.script = script;
    this.listener = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
    for (int[] ports : script.t.capturedServerPorts.values()) {
      bindPair(ports[0], ports[1]);
    }
    threads.add(Thread.ofVirtual().start(this::accept));
  }

  /** The camera's URL: the captured path on this listener. */
  String url() {
    return "rtsp://" + authority() + script.t.basePath;
  }

  private String authority() {
    return "127.0.0.1:" + listener.getLocalPort();
  }

  /** Sockets for a captured RTP and RTCP port, adjacent like most servers' (RTP even). */
  private void bindPair(int rtp, int rtcp) throws IOException {
    if (udp.containsKey(rtp)) {
      return;
    }
    for (int attempt = 0; attempt < 50; attempt++) {
      DatagramSocket a = new DatagramSocket(0, InetAddress.getLoopbackAddress());
      int next = a.getLocalPort() + 1;
      if (a.getLocalPort() % 2 == 0 && next <= 65535) {
        try {
          udp.put(rtcp, new DatagramSocket(next, InetAddress.getLoopbackAddress()));
          udp.put(rtp, a);
          return;
        } catch (IOException taken) {
          // try another pair
        }
      }
      a.close();
    }
    throw new IOException("no adjacent pair of udp ports for the camera");
  }

  private int localPort(int captured) {
    DatagramSocket s = udp.get(captured);
    return s == null ? 0 : s.getLocalPort();
  }

  private void accept() {
    try {
      while (!listener.isClosed()) {
        Socket s = listener.accept();
        open.add(s);
        threads.add(Thread.ofVirtual().start(() -> serve(s)));
      }
    } catch (IOException closed) {
      // the replay is over
    }
  }

  /** Answers the client's requests on one connection; after PLAY, sends the media. */
  private void serve(Socket s) {
    CameraScript.Conversation c = script.new Conversation(authority(), this::localPort);
    conversations.add(c);
    Thread sender = null;
    try (s) {
      s.setTcpNoDelay(true);
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      RtspDecoder decoder = new RtspDecoder();
      ByteBuffer buf = ByteBuffer.allocate(1 << 16);
      buf.limit(0);
      byte[] b = new byte[1 << 16];
      List<RtspRequest> got = new ArrayList<>();
      int n;
      while ((n = in.read(b)) >= 0) {
        buf.compact();
        buf.put(b, 0, Math.min(n, buf.remaining()));
        buf.flip();
        // Interleaved frames from the client (its RTCP reports) need no answer.
        decoder.decode(
            buf,
            m -> {
              if (m instanceof RtspRequest q) {
                got.add(q);
              }
            });
        for (RtspRequest q : got) {
          byte[] answer = c.answer(q);
          synchronized (out) {
            out.write(answer);
            out.flush();
          }
          if (c.played && sender == null) {
            sender = Thread.ofVirtual().start(() -> media(c, out));
            threads.add(sender);
          }
        }
        got.clear();
      }
    } catch (IOException | RuntimeException gone) {
      // the client closed or sent what no decoder reads: the conversation says what it got
    } finally {
      if (sender != null) {
        sender.interrupt();
      }
      if (c.played) {
        closedAfterPlay.complete(null);
      }
    }
  }

  /** The captured media, paced from the captured PLAY answer on, until done or closed. */
  private void media(CameraScript.Conversation c, OutputStream out) {
    long start = System.nanoTime();
    byte[] head = new byte[4];
    try {
      for (CameraScript.Media m : script.media) {
        long wait = start + (m.micros() - script.playAnsweredMicros) * 1000 - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        if (Thread.currentThread().isInterrupted()) {
          return;
        }
        if (m.frame() != null) {
          Integer ch = c.channels.get(m.frame().channel());
          if (ch == null) {
            mediaUnitsUnmapped++;
            continue;
          }
          byte[] f = m.frame().bytes();
          System.arraycopy(f, 0, head, 0, 4);
          head[1] = (byte) ch.intValue();
          synchronized (out) {
            out.write(head);
            out.write(f, 4, f.length - 4);
          }
        } else {
          DatagramSocket from = udp.get(m.datagram().source().port());
          Integer to = c.clientPorts.get(m.datagram().destination().port());
          if (from == null || to == null) {
            mediaUnitsUnmapped++;
            continue;
          }
          byte[] p = m.datagram().payload();
          from.send(
              new DatagramPacket(
                  p, p.length, new InetSocketAddress(InetAddress.getLoopbackAddress(), to)));
        }
        mediaUnitsSent++;
      }
      mediaSent.complete(null);
    } catch (IOException closed) {
      // the client went away during the media
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    for (Socket s : open) {
      s.close();
    }
    udp.values().forEach(DatagramSocket::close);
    for (Thread t : threads) {
      t.interrupt();
      try {
        t.join(RtspSession.SETTLE);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
