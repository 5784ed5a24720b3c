package io.arcly.stream.protocol.rtsp.media;

import io.arcly.stream.net.Datagram;
import io.arcly.stream.net.UdpSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Two UDP sockets, one for RTP and one for RTCP: the server's, shared by every session, or a camera
 * client's, shared by the tracks of one pull. Datagrams go to the track registered for the sender's
 * address and port. Some publishers send from other ports than the {@code client_port} they
 * announced (GStreamer's rtspclientsink does): a datagram from an unknown port of a publishing
 * address is matched to a track by its SSRC, or, the first time, by its payload type among that
 * address's tracks still waiting for their first packet; the address is then registered. Anything
 * else is dropped and counted.
 */
public final class UdpPair implements AutoCloseable {
  /** A publisher's track waiting for packets from an address. */
  public interface Inbound {
    /** The payload type the track's packets carry. */
    int payloadType();

    /** Whether a packet arrived yet. */
    boolean started();

    /** Takes an RTP datagram. */
    void rtp(Datagram d);

    /** Takes an RTCP datagram. */
    void rtcp(Datagram d);
  }

  private final UdpSocket rtp;
  private final UdpSocket rtcp;
  private final Map<InetAddress, List<Inbound>> publishers = new ConcurrentHashMap<>();
  private final Map<Long, Inbound> bySsrc = new ConcurrentHashMap<>();
  private final Map<Inbound, List<UdpSocket.Registration>> learned = new ConcurrentHashMap<>();

  private UdpPair(UdpSocket rtp, UdpSocket rtcp) {
    this.rtp = rtp;
    this.rtcp = rtcp;
  }

  /** Binds the pair on {@code host}. */
  public static UdpPair bind(String host, int rtpPort, int rtcpPort, int receiveBuffer)
      throws java.io.IOException {
    if (rtpPort == 0 && rtcpPort == 0) {
      // Any free pair, RTP on an even port and RTCP right after it (RFC 3550 11), as peers expect
      // of a server_port or client_port range; some cameras refuse an odd RTP port.
      for (int attempt = 0; ; attempt++) {
        UdpSocket a = UdpSocket.bind("rtsp", host, 0, receiveBuffer);
        if (a.port() % 2 == 0 && a.port() < 65535) {
          try {
            return new UdpPair(a, UdpSocket.bind("rtsp", host, a.port() + 1, receiveBuffer));
          } catch (java.io.IOException e) {
            if (attempt >= 20) {
              a.close();
              throw e;
            }
          }
        }
        a.close();
        if (attempt >= 100) {
          throw new java.net.BindException("cannot find a free udp port pair on " + host);
        }
      }
    }
    UdpSocket a = UdpSocket.bind("rtsp", host, rtpPort, receiveBuffer);
    try {
      return new UdpPair(a, UdpSocket.bind("rtsp", host, rtcpPort, receiveBuffer));
    } catch (java.io.IOException e) {
      a.close();
      throw e;
    }
  }

  /** Starts receiving on threads from {@code threads}. */
  public void start(java.util.concurrent.ThreadFactory threads) {
    rtp.start(threads, d -> classify(d, true));
    rtcp.start(threads, d -> classify(d, false));
  }

  /** The RTP port. */
  public int rtpPort() {
    return rtp.port();
  }

  /** The RTCP port. */
  public int rtcpPort() {
    return rtcp.port();
  }

  /** The RTP socket, to send media from. */
  public UdpSocket rtpSocket() {
    return rtp;
  }

  /** The RTCP socket. */
  public UdpSocket rtcpSocket() {
    return rtcp;
  }

  /** Datagrams dropped because no session was theirs. */
  public long unknown() {
    return rtp.unknown() + rtcp.unknown();
  }

  /**
   * Registers a publisher's track whose client announced {@code rtpAddr} and {@code rtcpAddr};
   * closing the returned handle removes every trace of it.
   */
  public AutoCloseable registerInbound(
      InetSocketAddress rtpAddr, InetSocketAddress rtcpAddr, Inbound track) {
    UdpSocket.Registration a = rtp.register(rtpAddr, track::rtp);
    UdpSocket.Registration b = rtcp.register(rtcpAddr, track::rtcp);
    List<Inbound> list =
        publishers.computeIfAbsent(rtpAddr.getAddress(), k -> new CopyOnWriteArrayList<>());
    list.add(track);
    return () -> {
      a.close();
      b.close();
      list.remove(track);
      publishers.computeIfPresent(rtpAddr.getAddress(), (k, v) -> v.isEmpty() ? null : v);
      bySsrc.values().removeIf(t -> t == track);
      List<UdpSocket.Registration> extra = learned.remove(track);
      if (extra != null) {
        extra.forEach(UdpSocket.Registration::close);
      }
    };
  }

  /** Registers where a player's RTCP comes from. */
  public UdpSocket.Registration registerRtcp(InetSocketAddress from, Consumer<Datagram> r) {
    return rtcp.register(from, r);
  }

  private Consumer<Datagram> classify(Datagram d, boolean isRtp) {
    List<Inbound> candidates = publishers.get(d.from().getAddress());
    if (candidates == null || d.data().length < 8) {
      return null;
    }
    byte[] b = d.data();
    long ssrc = isRtp && b.length >= 12 ? u32(b, 8) : !isRtp ? u32(b, 4) : -1;
    Inbound t = ssrc < 0 ? null : bySsrc.get(ssrc);
    if (t == null && isRtp && b.length >= 12) {
      int pt = b[1] & 0x7F;
      for (Inbound c : candidates) {
        if (!c.started() && c.payloadType() == pt) {
          t = c;
          bySsrc.put(ssrc, c);
          break;
        }
      }
    }
    if (t == null) {
      return null;
    }
    Inbound found = t;
    // Learn the address, so its next datagrams skip this search.
    Consumer<Datagram> r = isRtp ? found::rtp : found::rtcp;
    learned
        .computeIfAbsent(found, k -> new CopyOnWriteArrayList<>())
        .add((isRtp ? rtp : rtcp).register(d.from(), r));
    return r;
  }

  private static long u32(byte[] b, int off) {
    return ((b[off] & 0xFFL) << 24)
        | ((b[off + 1] & 0xFFL) << 16)
        | ((b[off + 2] & 0xFFL) << 8)
        | (b[off + 3] & 0xFFL);
  }

  @Override
  public void close() {
    rtp.close();
    rtcp.close();
  }
}
