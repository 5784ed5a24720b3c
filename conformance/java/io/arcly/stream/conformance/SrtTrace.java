package io.arcly.stream.conformance;

import io.arcly.stream.conformance.pcap.Capture;
import io.arcly.stream.conformance.pcap.Endpoint;
import io.arcly.stream.conformance.pcap.UdpDatagram;
import io.arcly.stream.protocol.srt.wire.ControlPacket;
import io.arcly.stream.protocol.srt.wire.DataPacket;
import io.arcly.stream.protocol.srt.wire.Handshake;
import io.arcly.stream.protocol.srt.wire.SrtPacket;
import io.arcly.stream.protocol.srt.wire.SrtWireException;
import java.util.ArrayList;
import java.util.List;

/**
 * A captured SRT conversation, read once for a replay: the caller (the first endpoint that sent a
 * handshake to the server port), its datagrams to the listener, the listener's datagrams to it, and
 * what the listener answered: the cookie of its induction answer and the socket id of its
 * conclusion answer (for {@link SrtAdaptation}).
 */
final class SrtTrace {
  final Endpoint client;
  final Endpoint server;
  final List<UdpDatagram> clientDatagrams = new ArrayList<>();
  final List<UdpDatagram> serverDatagrams = new ArrayList<>();
  final Integer capturedCookie;
  final Integer capturedSocketId;

  /** The caller's initial sequence number (of its first conclusion), or -1. */
  final int initialSeq;

  private SrtTrace(Capture capture, Endpoint client, Endpoint server) {
    this.client = client;
    this.server = server;
    Integer cookie = null;
    Integer socketId = null;
    int isn = -1;
    for (UdpDatagram d : capture.udp()) {
      if (d.source().equals(client) && d.destination().equals(server)) {
        clientDatagrams.add(d);
        if (isn < 0
            && handshake(d.payload()) instanceof Handshake h
            && h.type() == Handshake.CONCLUSION) {
          isn = h.initialSeq();
        }
      } else if (d.source().equals(server) && d.destination().equals(client)) {
        serverDatagrams.add(d);
        if (handshake(d.payload()) instanceof Handshake h) {
          if (h.type() == Handshake.INDUCTION && cookie == null) {
            cookie = h.cookie();
          } else if (h.type() == Handshake.CONCLUSION && socketId == null) {
            socketId = h.socketId();
          }
        }
      }
    }
    this.capturedCookie = cookie;
    this.capturedSocketId = socketId;
    this.initialSeq = isn;
  }

  /** The conversation of the first caller of {@code serverPort} in {@code capture}, or null. */
  static SrtTrace of(Capture capture, int serverPort) {
    for (UdpDatagram d : capture.udp()) {
      if (d.destination().port() == serverPort && SrtAdaptation.isHandshake(d.payload())) {
        return new SrtTrace(capture, d.source(), d.destination());
      }
    }
    return null;
  }

  SrtAdaptation adaptation() {
    return new SrtAdaptation(capturedCookie, capturedSocketId);
  }

  /** The payloads of the listener's data packets, in sequence order, each once. */
  List<SrtMedia.Packet> serverData() {
    List<SrtMedia.Packet> out = new ArrayList<>();
    for (UdpDatagram d : serverDatagrams) {
      SrtMedia.Packet p = SrtMedia.Packet.of(d.payload());
      if (p != null) {
        out.add(p);
      }
    }
    return out;
  }

  /** The handshake in a datagram, or null. */
  static Handshake handshake(byte[] d) {
    if (!SrtAdaptation.isHandshake(d)) {
      return null;
    }
    try {
      return SrtPacket.decode(d, 0, d.length) instanceof ControlPacket c
              && c.body() instanceof Handshake h
          ? h
          : null;
    } catch (SrtWireException e) {
      return null;
    }
  }

  /** Whether a datagram is a data packet. */
  static boolean isData(byte[] d) {
    return d.length >= DataPacket.HEADER && !SrtPacket.isControl(d);
  }
}
