package io.arcly.stream.conformance;

import io.arcly.stream.conformance.pcap.Capture;
import io.arcly.stream.conformance.pcap.UdpDatagram;
import io.arcly.stream.kernel.Engine;
import io.arcly.stream.kernel.InboundProtocol;
import io.arcly.stream.kernel.WorkerHost;
import io.arcly.stream.media.Frame;
import io.arcly.stream.media.Payload;
import io.arcly.stream.protocol.srt.Passphrases;
import io.arcly.stream.protocol.srt.SrtServer;
import io.arcly.stream.protocol.srt.SrtSettings;
import io.arcly.stream.protocol.srt.session.Connection;
import io.arcly.stream.protocol.srt.session.Listener;
import io.arcly.stream.protocol.srt.wire.ControlPacket;
import io.arcly.stream.protocol.srt.wire.Handshake;
import io.arcly.stream.protocol.srt.wire.SrtPacket;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Replays the caller half of a captured SRT session against a fresh embedded engine and {@link
 * SrtServer} on an ephemeral loopback port: the caller's datagrams go from one local UDP socket, at
 * the capture's pacing (datagrams have no back-pressure), adapted by {@link SrtAdaptation} (the
 * conclusion carries the cookie this server answered in its induction, every later packet the
 * socket id it gave in its conclusion answer; each waits for that answer). The server's answers are
 * read into {@link SrtAnswers}; once it refused or shut the connection down, the rest of the
 * capture is not sent.
 *
 * <p>Roles: {@code publish} (what reaches the bus is checked), {@code play} (the media the captured
 * listener sent is published under the stream first, from its first keyframe; this server's data
 * packets must demux as MPEG-TS with the named codecs and counts, video from a keyframe). {@code
 * rejected}: a handshake rejection (of {@code expect.rejectReason} when given), a conclusion
 * dropped without an answer or state ({@code rejectReason} {@code dropped}: a bad cookie or a
 * handshake that does not decode), or the connection closed for bad input.
 */
final class SrtReplay {
  private static final Duration SETTLE = Duration.ofSeconds(10);

  /** Longest wait for one answer of the server that a datagram needs. */
  private static final Duration ANSWER_WAIT = Duration.ofSeconds(5);

  /** The expected rejection reason of a conclusion dropped without an answer. */
  static final String DROPPED = "dropped";

  private SrtReplay() {}

  /** What driving the caller's half found. */
  private static final class Run {
    final SrtAnswers answers = new SrtAnswers();
    int sent;
    boolean closedEarly;
    Connection connection;
    String endReason;
  }

  static Replayer.Result replay(Capture capture, Expectation e) throws Exception {
    SrtTrace t = SrtTrace.of(capture, e.serverPort());
    if (t == null) {
      return new Replayer.Result(false, "no srt handshake to udp port " + e.serverPort());
    }
    if (e.role().equals("pull")) {
      return new Replayer.Result(false, "role pull is not replayable for srt");
    }
    List<Frame> media = null;
    if (e.role().equals("play")) {
      SrtMedia captured = SrtMedia.read(t.serverData(), t.initialSeq);
      if (captured.encrypted > 0) {
        return new Replayer.Result(
            false, "the captured listener's data is encrypted: reading it needs its keys");
      }
      media = SamplePublisher.fromFirstKeyframe(captured.frames);
    }
    AtomicInteger rejections = new AtomicInteger();
    Engine engine = Replayer.countingEngine(rejections);
    Passphrases passphrases =
        e.passphrase() == null
            ? Passphrases.none()
            : new Passphrases(Map.of(), Map.of(), Map.of(), e.passphrase());
    SrtServer server = new SrtServer(SrtSettings.forTests(), passphrases);
    WorkerHost host =
        new WorkerHost(
            engine, Thread.ofVirtual().factory(), Duration.ofSeconds(5), Duration.ofMillis(200));
    host.start(List.<InboundProtocol>of(server));
    SamplePublisher sample = null;
    try {
      if (!host.awaitSettled(SETTLE)) {
        return new Replayer.Result(false, "the srt worker did not start");
      }
      int baseline = host.liveThreads();
      if (media != null) {
        sample =
            media.isEmpty()
                ? SamplePublisher.start(engine, e.stream())
                : SamplePublisher.start(engine, e.stream(), media);
      }
      Listener listener = server.listener();
      long badCookies = listener.badCookies();
      long malformed = listener.malformed();
      try (BusProbe probe = new BusProbe(engine)) {
        Run run = drive(t, server);
        if (sample != null) {
          sample.stop();
          sample = null;
        }
        probe.awaitEnd(SETTLE);
        String health = Replayer.health(engine, host, baseline, () -> inductionAnswered(server));
        String verdict =
            check(
                e,
                t,
                run,
                probe,
                listener.badCookies() - badCookies,
                listener.malformed() - malformed);
        return Replayer.Result.judged(health, verdict);
      }
    } finally {
      if (sample != null) {
        sample.stop();
      }
      host.stop();
    }
  }

  /** Sends the caller's datagrams at the capture's pacing, adapted; reads every answer. */
  private static Run drive(SrtTrace t, SrtServer server) throws IOException, InterruptedException {
    Run run = new Run();
    SrtAnswers answers = run.answers;
    SrtAdaptation adaptation = t.adaptation();
    InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
    try (DatagramSocket sock = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      Thread reader =
          Thread.ofVirtual()
              .start(
                  () -> {
                    byte[] b = new byte[65_536];
                    DatagramPacket p = new DatagramPacket(b, b.length);
                    try {
                      while (true) {
                        sock.receive(p);
                        answers.feed(java.util.Arrays.copyOf(b, p.getLength()));
                      }
                    } catch (IOException closed) {
                      // the replay is over
                    }
                  });
      long start = System.nanoTime();
      long t0 = t.clientDatagrams.isEmpty() ? 0 : t.clientDatagrams.get(0).timestampMicros();
      boolean gaveUp = false;
      for (UdpDatagram d : t.clientDatagrams) {
        long wait = start + (d.timestampMicros() - t0) * 1000 - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        if (answers.rejection() != null || answers.shutdown.isDone()) {
          run.closedEarly = true;
          break;
        }
        SrtAdaptation.Needs needs = adaptation.needs(d.payload());
        Integer cookie = null;
        Integer id = null;
        if (needs == SrtAdaptation.Needs.COOKIE || needs == SrtAdaptation.Needs.BOTH) {
          cookie = await(answers.cookie);
        }
        if (needs == SrtAdaptation.Needs.SOCKET_ID || needs == SrtAdaptation.Needs.BOTH) {
          if (!gaveUp && await(answers.conclusion) == null) {
            gaveUp = true; // never answered: the rest goes as captured, to nobody
          }
          if (answers.rejection() != null) {
            run.closedEarly = true;
            break;
          }
          id = answers.socketId();
        }
        byte[] out = adaptation.adapt(d.payload(), cookie, id);
        sock.send(new DatagramPacket(out, out.length, to));
        run.sent++;
        if (run.connection == null && answers.socketId() != null) {
          run.connection = connection(server, answers.socketId());
        }
      }
      // The connection ends on the caller's shutdown, the server's, or the peer-idle timeout.
      long deadline = System.nanoTime() + SETTLE.toNanos() * 2;
      Integer id = answers.socketId();
      while (id != null && connection(server, id) != null && System.nanoTime() < deadline) {
        LockSupport.parkNanos(20_000_000L);
      }
      if (run.connection != null) {
        run.endReason = run.connection.endReason();
      }
      sock.close();
      reader.join(SETTLE);
    }
    return run;
  }

  private static <T> T await(CompletableFuture<T> f) throws InterruptedException {
    try {
      return f.get(ANSWER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException x) {
      return null;
    }
  }

  private static Connection connection(SrtServer server, int id) {
    for (Connection c : server.connections()) {
      if (c.localId() == id) {
        return c;
      }
    }
    return null;
  }

  private static String check(
      Expectation e, SrtTrace t, Run run, BusProbe probe, long badCookies, long malformed) {
    Handshake rejection = run.answers.rejection();
    String refused =
        rejection == null ? null : rejection.rejectReason().name().toLowerCase(Locale.ROOT);
    return switch (e.outcome()) {
      case "published" -> {
        if (refused != null) {
          yield "!the server refused the caller (" + refused + ")";
        }
        String v = Replayer.checkPublished(e, probe);
        yield v.startsWith("!") ? v : v + connectionNotes(run);
      }
      case "played" ->
          refused != null ? "!the server refused the caller (" + refused + ")" : played(e, t, run);
      case "rejected" -> rejected(e, run, refused, badCookies, malformed);
      default -> "!outcome " + e.outcome() + " is not checked for srt " + e.role();
    };
  }

  private static String connectionNotes(Run run) {
    StringBuilder sb = new StringBuilder();
    sb.append(", ").append(run.sent).append(" datagrams sent");
    if (run.connection != null && run.connection.unknownControl() > 0) {
      sb.append(", ")
          .append(run.connection.unknownControl())
          .append(" control packets of unknown types ignored");
    }
    if (run.endReason != null) {
      sb.append(", ended: ").append(run.endReason);
    }
    return sb.toString();
  }

  private static String played(Expectation e, SrtTrace t, Run run) {
    SrtMedia m = SrtMedia.read(run.answers.data, t.initialSeq);
    if (m.encrypted > 0) {
      return "!"
          + m.encrypted
          + " of the server's data packets are encrypted: reading them needs the stream's keys";
    }
    String tracks = Replayer.tracks(e.tracks(), m.codecs);
    if (tracks != null) {
      return "!" + tracks + " (" + m.packets + " data packets answered)";
    }
    if (m.videoFrames > 0 && !m.videoStartedWithKeyframe) {
      return "!video did not start with a keyframe";
    }
    String counts = Replayer.counts(e, m.videoFrames, m.audioFrames, m.keyframes);
    return counts.startsWith("!")
        ? counts + " (" + m.packets + " data packets answered)"
        : "played "
            + e.stream()
            + ": "
            + m.codecs.values()
            + ", "
            + counts
            + ", keyframe first, "
            + m.packets
            + " data packets"
            + connectionNotes(run);
  }

  private static String rejected(
      Expectation e, Run run, String refused, long badCookies, long malformed) {
    String want = e.rejectReason();
    if (refused != null) {
      if (want != null && !want.equals(refused)) {
        return "!refused with " + refused + ", expected " + want;
      }
      return "rejected (handshake rejection " + refused + "), server healthy";
    }
    boolean answered = run.answers.conclusion.isDone();
    if (!answered && run.connection == null && badCookies + malformed > 0) {
      if (want != null && !want.equals(DROPPED)) {
        return "!the conclusion was dropped without an answer, expected a rejection " + want;
      }
      return "rejected (conclusion dropped without an answer or state: "
          + badCookies
          + " bad cookie"
          + (badCookies == 1 ? "" : "s")
          + ", "
          + malformed
          + " undecodable handshake"
          + (malformed == 1 ? "" : "s")
          + "), server healthy";
    }
    boolean badInput = run.endReason != null && run.endReason.startsWith("bad input");
    if (badInput || run.answers.shutdown.isDone() && run.closedEarly) {
      if (want != null) {
        return "!the connection was closed (" + run.endReason + "), expected a rejection " + want;
      }
      return "rejected (connection closed: "
          + run.endReason
          + (run.closedEarly ? ", before the client finished" : "")
          + "), server healthy";
    }
    return "!expected a rejection or a close for bad input, but the session "
        + (run.connection == null ? "never connected" : "ended: " + run.endReason);
  }

  /** Null when the server answers a new caller's induction, else what is wrong. */
  private static String inductionAnswered(SrtServer server) {
    Handshake induction =
        new Handshake(
            4,
            0,
            2,
            1,
            1500,
            8192,
            Handshake.INDUCTION,
            0x1234_5678,
            0,
            Payload.copyOf(new byte[16]),
            null,
            null,
            null,
            null);
    byte[] b = new ControlPacket(0, 0, induction).encode();
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      s.setSoTimeout(5000);
      s.send(
          new DatagramPacket(
              b, b.length, new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port())));
      byte[] in = new byte[SrtPacket.MAX_DATAGRAM];
      DatagramPacket p = new DatagramPacket(in, in.length);
      s.receive(p);
      Handshake h = SrtTrace.handshake(java.util.Arrays.copyOf(in, p.getLength()));
      if (h == null
          || h.type() != Handshake.INDUCTION
          || h.extensionField() != Handshake.SRT_MAGIC) {
        return "the server answers an induction with something else";
      }
      return null;
    } catch (SocketTimeoutException ex) {
      return "the server no longer answers an induction";
    } catch (IOException ex) {
      return "the server no longer answers: " + ex.getMessage();
    }
  }
}
