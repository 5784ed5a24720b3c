package io.arcly.stream.rtp.format;

import io.arcly.stream.codec.CodecException;
import io.arcly.stream.codec.NalWalker;
import io.arcly.stream.media.Payload;
import java.util.List;

/**
 * What the H.264 and H.265 packetizers share: one packet per NAL unit that fits the payload size,
 * fragmentation units for the others, the configuration's parameter sets before each keyframe that
 * does not carry its own.
 */
abstract class NalPacketizer implements Packetizer {
  /** The default largest RTP payload, leaving room for headers within a 1500-byte MTU. */
  public static final int DEFAULT_MAX_PAYLOAD = 1200;

  final int maxPayload;
  private final NalWalker walker = new NalWalker();

  NalPacketizer(int maxPayload) {
    if (maxPayload < 100 || maxPayload > 65_000) {
      throw new IllegalArgumentException("max payload must be 100 to 65000 bytes: " + maxPayload);
    }
    this.maxPayload = maxPayload;
  }

  /** The parameter sets of the current configuration, in decoding order. */
  abstract List<byte[]> parameterSets();

  /** Whether a NAL unit header byte is a parameter set. */
  abstract boolean isParameterSet(int firstByte);

  /** The size of the NAL unit header: 1 for H.264, 2 for H.265. */
  abstract int headerSize();

  /** The payload header and FU header of a fragment of the NAL unit whose header is given. */
  abstract byte[] fragmentHeader(Payload nal, boolean start, boolean end);

  @Override
  public void packetize(Payload unit, boolean keyframe, Sink out) {
    int last = -1;
    boolean hasParameterSets = false;
    try {
      walker.reset(unit, 4);
      while (walker.next()) {
        if (walker.length() > 0) {
          last = walker.offset();
          hasParameterSets |= isParameterSet(walker.firstByte());
        }
      }
    } catch (CodecException e) {
      return; // a unit that is not length-prefixed NAL units has nothing to send
    }
    if (last < 0) {
      return;
    }
    if (keyframe && !hasParameterSets) {
      for (byte[] ps : parameterSets()) {
        send(Payload.wrap(ps), false, out);
      }
    }
    walker.reset(unit, 4);
    while (walker.next()) {
      if (walker.length() > 0) {
        send(walker.slice(), walker.offset() == last, out);
      }
    }
  }

  private void send(Payload nal, boolean marker, Sink out) {
    if (nal.length() <= maxPayload) {
      out.payload(EMPTY, nal, marker);
      return;
    }
    int h = headerSize();
    int room = maxPayload - h - 1;
    int pos = h;
    int n = nal.length();
    while (pos < n) {
      int end = Math.min(n, pos + room);
      out.payload(fragmentHeader(nal, pos == h, end == n), nal.slice(pos, end), marker && end == n);
      pos = end;
    }
  }

  private static final byte[] EMPTY = new byte[0];
}
