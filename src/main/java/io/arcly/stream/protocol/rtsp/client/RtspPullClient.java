package io.arcly.stream.protocol.rtsp.client;

import io.arcly.stream.forward.Pull;
import io.arcly.stream.forward.PullClient;
import io.arcly.stream.forward.SourceSpec;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pulls RTSP cameras ({@code rtsp://[user:pass@]host[:port]/path}): DESCRIBE, SETUP of every track
 * with a codec the server reads, PLAY, and the media published under the source's key through the
 * same path as an RTSP publisher's. Media travels over UDP or TCP as the source says; {@code auto}
 * tries UDP and falls back to TCP when the camera refuses UDP or no packet comes, and remembers
 * that for the source's later attempts.
 */
public final class RtspPullClient implements PullClient {
  /** The {@code User-Agent} sent to cameras. */
  static final String USER_AGENT = "Arcly Stream";

  /**
   * The client's timeouts and socket sizes.
   *
   * @param connectTimeout longest wait for the TCP connection
   * @param answerTimeout longest wait for the answer to a request before PLAY
   * @param noMedia a pull that receives no RTP or RTCP packet for this long fails
   * @param udpFallback with transport {@code auto}, how long to wait after PLAY for a first packet
   *     over UDP before starting over with TCP
   * @param reportInterval how often RTCP receiver reports go to the camera (UDP)
   * @param udpReceiveBuffer socket receive buffer of each pull's UDP pair
   */
  public record Options(
      Duration connectTimeout,
      Duration answerTimeout,
      Duration noMedia,
      Duration udpFallback,
      Duration reportInterval,
      int udpReceiveBuffer) {
    /** 10 s to connect, 10 s per answer, 10 s without media, 4 s for UDP, reports every 5 s. */
    public static Options defaults() {
      return new Options(
          Duration.ofSeconds(10),
          Duration.ofSeconds(10),
          Duration.ofSeconds(10),
          Duration.ofSeconds(4),
          Duration.ofSeconds(5),
          4 << 20);
    }

    /** These options with other answer and no-media timeouts (tests). */
    public Options withTimeouts(Duration answer, Duration media, Duration fallback) {
      return new Options(connectTimeout, answer, media, fallback, reportInterval, udpReceiveBuffer);
    }
  }

  private final Options options;

  /** Sources found to need TCP, by name and URL: their next attempts skip UDP. */
  private final Map<String, Boolean> tcpOnly = new ConcurrentHashMap<>();

  /** A client with the default options. */
  public RtspPullClient() {
    this(Options.defaults());
  }

  /** A client with {@code options}. */
  public RtspPullClient(Options options) {
    this.options = options;
  }

  @Override
  public String scheme() {
    return "rtsp";
  }

  @Override
  public void pull(Pull pull) throws Exception {
    SourceSpec spec = pull.spec();
    String memory = spec.name() + " " + spec.url();
    boolean tcp =
        switch (spec.transport()) {
          case TCP -> true;
          case UDP -> false;
          case AUTO -> tcpOnly.containsKey(memory);
        };
    CameraSession.Outcome o = new CameraSession(pull, options, tcp).run();
    if (o == CameraSession.Outcome.TRY_TCP && !pull.stopped()) {
      tcpOnly.put(memory, Boolean.TRUE);
      new CameraSession(pull, options, true).run();
    }
  }
}
