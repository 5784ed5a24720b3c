package io.arcly.stream.conformance;

import io.arcly.stream.protocol.srt.wire.Control;
import io.arcly.stream.protocol.srt.wire.ControlPacket;
import io.arcly.stream.protocol.srt.wire.Handshake;
import io.arcly.stream.protocol.srt.wire.SrtPacket;
import io.arcly.stream.protocol.srt.wire.SrtWireException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What this server sent to a replayed SRT caller: its induction answer (the cookie), its conclusion
 * answer (the socket id it gave, or a rejection), whether it shut the connection down, and its data
 * packets (for a player).
 */
final class SrtAnswers {
  /** The cookie of the induction answer. */
  final CompletableFuture<Integer> cookie = new CompletableFuture<>();

  /** The conclusion answer: an acceptance (its socket id) or a rejection. */
  final CompletableFuture<Handshake> conclusion = new CompletableFuture<>();

  /** Completes when the server sent a shutdown. */
  final CompletableFuture<Void> shutdown = new CompletableFuture<>();

  final List<SrtMedia.Packet> data = new CopyOnWriteArrayList<>();
  volatile int datagrams;
  volatile int undecodable;

  /** Takes one datagram from the server. */
  void feed(byte[] d) {
    datagrams++;
    SrtMedia.Packet p = SrtMedia.Packet.of(d);
    if (p != null) {
      data.add(p);
      return;
    }
    ControlPacket c;
    try {
      if (!(SrtPacket.decode(d, 0, d.length) instanceof ControlPacket cp)) {
        return;
      }
      c = cp;
    } catch (SrtWireException e) {
      undecodable++;
      return;
    }
    switch (c.body()) {
      case Handshake h when h.type() == Handshake.INDUCTION -> cookie.complete(h.cookie());
      case Handshake h when h.type() == Handshake.CONCLUSION || h.isRejection() ->
          conclusion.complete(h);
      case Control.Shutdown s -> shutdown.complete(null);
      default -> {}
    }
  }

  /** The rejection the server answered, or null. */
  Handshake rejection() {
    Handshake h = conclusion.getNow(null);
    return h != null && h.isRejection() ? h : null;
  }

  /** The socket id the server gave in an accepting conclusion answer, or null. */
  Integer socketId() {
    Handshake h = conclusion.getNow(null);
    return h != null && !h.isRejection() ? h.socketId() : null;
  }
}
