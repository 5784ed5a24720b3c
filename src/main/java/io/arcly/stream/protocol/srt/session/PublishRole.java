package io.arcly.stream.protocol.srt.session;

import io.arcly.stream.protocol.srt.wire.Control;
import io.arcly.stream.protocol.srt.wire.DataPacket;
import java.util.function.Consumer;

/**
 * The role of a connection whose peer publishes: its packets go through a {@link Receiver} (loss
 * recovery, TSBPD) and the payloads, in order and on time, to the stream's ingest.
 */
final class PublishRole implements Connection.Role {
  private final Connection conn;
  private final Receiver receiver;
  private final Consumer<String> onEnd;

  PublishRole(
      Connection conn,
      int initialSeq,
      int capacity,
      long latency,
      long timeBase,
      Admission.Ingest ingest,
      Consumer<String> onEnd) {
    this.conn = conn;
    this.onEnd = onEnd;
    this.receiver =
        new Receiver(
            new Receiver.Out() {
              @Override
              public void control(Control c) {
                conn.send(c);
              }

              @Override
              public void deliver(byte[] datagram, int offset, int length) {
                ingest.accept(datagram, offset, length);
              }
            },
            initialSeq,
            capacity,
            latency,
            timeBase,
            Connection.micros());
  }

  @Override
  public void data(DataPacket p, byte[] datagram, long now) {
    receiver.data(p.seq(), p.timestamp(), p.retransmitted(), datagram, now);
  }

  @Override
  public void control(Control c, long now) {
    switch (c) {
      case Control.AckAck a -> receiver.ackAck(a.ackNumber(), now);
      case Control.DropRequest r -> receiver.dropRequest(r.first(), r.last(), now);
      default -> {} // ACK and NAK concern a sender; this peer only sends
    }
  }

  @Override
  public long tick(long now) {
    return receiver.tick(now);
  }

  @Override
  public void end(String reason) {
    boolean peerLeft = reason.equals("peer shut down") || reason.startsWith("peer idle");
    if (peerLeft) {
      receiver.flush(); // the tail the peer sent before it left is all there will be
    } else {
      conn.sayGoodbye();
    }
    onEnd.accept(reason);
  }

  @Override
  public Stats stats(long now) {
    return new Stats(
        receiver.rttMicros(),
        receiver.received(),
        0,
        receiver.bytes(),
        0,
        receiver.lost(),
        receiver.retransmitted(),
        receiver.dropped(),
        receiver.duplicates(),
        0,
        receiver.bitrate(now));
  }
}
