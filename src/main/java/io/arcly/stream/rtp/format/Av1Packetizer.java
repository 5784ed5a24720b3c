package io.arcly.stream.rtp.format;

import io.arcly.stream.codec.Av1;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Payload;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AV1 over RTP, the AOMedia "RTP Payload Format For AV1" (v1.0.0), sending side: one OBU element
 * per packet (W=1) without its size field, fragmented over packets when larger than the payload
 * size (Z and Y bits), temporal delimiters and tile lists left out (5), the N bit on the first
 * packet of a keyframe that carries a sequence header, the marker on the last packet of a temporal
 * unit.
 */
public final class Av1Packetizer implements Packetizer {
  private final int maxPayload;

  /** A packetizer with payloads of at most 1200 bytes. */
  public Av1Packetizer() {
    this(NalPacketizer.DEFAULT_MAX_PAYLOAD);
  }

  /** A packetizer with payloads of at most {@code maxPayload} bytes (100 to 65000). */
  public Av1Packetizer(int maxPayload) {
    if (maxPayload < 100 || maxPayload > 65_000) {
      throw new IllegalArgumentException("max payload must be 100 to 65000 bytes: " + maxPayload);
    }
    this.maxPayload = maxPayload;
  }

  @Override
  public CodecId codec() {
    return CodecId.AV1;
  }

  @Override
  public int clockRate() {
    return 90_000;
  }

  @Override
  public String encodingName() {
    return "AV1";
  }

  @Override
  public int channels() {
    return 0;
  }

  @Override
  public void config(Payload record) {
    // the sequence header travels in band
  }

  /** One OBU of a temporal unit: where its header, payload and end are. */
  private record Obu(int start, int headerSize, int payloadStart, int end) {}

  @Override
  public void packetize(Payload unit, boolean keyframe, Sink out) {
    java.util.List<Obu> obus = new java.util.ArrayList<>();
    boolean sequenceHeader = false;
    int pos = 0;
    int n = unit.length();
    while (pos < n) {
      int header = unit.get(pos);
      int h = (header & 0x04) != 0 ? 2 : 1;
      if (pos + h > n) {
        return; // malformed: nothing is sent rather than half a temporal unit
      }
      int payloadStart = pos + h;
      int end = n;
      if ((header & 0x02) != 0) {
        long size = 0;
        int i = 0;
        int b;
        do {
          if (payloadStart >= n || i == 8) {
            return;
          }
          b = unit.get(payloadStart++);
          size |= (long) (b & 0x7F) << (7 * i++);
        } while ((b & 0x80) != 0);
        if (size > n - payloadStart) {
          return;
        }
        end = payloadStart + (int) size;
      }
      int type = Av1.obuType(header);
      if (type != Av1.OBU_TEMPORAL_DELIMITER && type != 8) {
        obus.add(new Obu(pos, h, payloadStart, end));
        sequenceHeader |= type == Av1.OBU_SEQUENCE_HEADER;
      }
      pos = end;
    }
    boolean first = true;
    for (int k = 0; k < obus.size(); k++) {
      Obu o = obus.get(k);
      boolean lastObu = k == obus.size() - 1;
      int room = maxPayload - 1 - o.headerSize();
      int p = o.payloadStart();
      boolean start = true;
      do {
        int end = Math.min(o.end(), p + room);
        boolean done = end == o.end();
        int agg = 0x10 | (start ? 0 : 0x80) | (done ? 0 : 0x40);
        if (first && keyframe && sequenceHeader) {
          agg |= 0x08;
        }
        byte[] prefix;
        if (start) {
          prefix = new byte[1 + o.headerSize()];
          prefix[1] = (byte) (unit.get(o.start()) & ~0x02);
          if (o.headerSize() == 2) {
            prefix[2] = (byte) unit.get(o.start() + 1);
          }
        } else {
          prefix = new byte[1];
        }
        prefix[0] = (byte) agg;
        out.payload(prefix, unit.slice(p, end), lastObu && done);
        first = false;
        start = false;
        room = maxPayload - 1;
        p = end;
      } while (p < o.end());
    }
  }

  @Override
  public Map<String, String> fmtp() {
    return new LinkedHashMap<>();
  }
}
