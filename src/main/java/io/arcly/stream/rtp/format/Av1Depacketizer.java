package io.arcly.stream.rtp.format;

import io.arcly.stream.codec.Av1;
import io.arcly.stream.codec.CodecException;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Payload;
import io.arcly.stream.rtp.RtpException;
import io.arcly.stream.rtp.RtpPacket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * AV1 over RTP, the AOMedia "RTP Payload Format For AV1" (v1.0.0), receiving side: the aggregation
 * header (4.4: Z, Y, W, N), OBU elements with LEB128 lengths, OBUs fragmented over packets; the
 * temporal unit ends at the marker bit or when the timestamp changes.
 *
 * <p>Temporal units are handed out as low-overhead OBUs (AV1 specification 5.2), each with {@code
 * obu_has_size_field} set, temporal delimiters and tile list OBUs left out. A sequence header that
 * differs from the last gives a new AV1CodecConfigurationRecord; a temporal unit is a keyframe when
 * it carries a sequence header or its first packet has the N bit. Limits: 8 MiB and 1024 OBUs per
 * temporal unit; a gap in sequence numbers or a broken fragment drops the temporal unit.
 *
 * @see <a href="https://aomediacodec.github.io/av1-rtp-spec/">RTP Payload Format For AV1</a>
 */
public final class Av1Depacketizer implements Depacketizer {
  /** The largest temporal unit assembled. */
  static final int MAX_TEMPORAL_UNIT = 8 << 20;

  /** The most OBUs in one temporal unit. */
  static final int MAX_OBUS = 1024;

  private final List<Payload> obus = new ArrayList<>();
  private int size;
  private boolean pending;
  private boolean damaged;
  private boolean newSequence;
  private long timestamp;
  private int lastSequence = -1;
  private byte[] fragment;
  private int fragmentLength;
  private byte[] lastConfig;
  private long dropped;

  @Override
  public CodecId codec() {
    return CodecId.AV1;
  }

  @Override
  public int clockRate() {
    return 90_000;
  }

  @Override
  public Payload initialConfig() {
    return null;
  }

  @Override
  public long droppedUnits() {
    return dropped;
  }

  @Override
  public void push(RtpPacket packet, Sink out) {
    int seq = packet.sequence();
    boolean gap = lastSequence >= 0 && seq != ((lastSequence + 1) & 0xFFFF);
    lastSequence = seq;
    if (gap) {
      // the lost packets may have ended the access unit being assembled or started this one
      if (pending && packet.timestamp() != timestamp) {
        damaged = true;
        finish(out);
      }
      fragment = null;
      damaged = true;
    } else if (pending && packet.timestamp() != timestamp) {
      finish(out);
    }
    if (!pending) {
      pending = true;
      timestamp = packet.timestamp();
      newSequence = false;
    }
    try {
      read(packet.payload());
    } catch (RtpException e) {
      damaged = true;
      fragment = null;
      throw e;
    }
    if (packet.marker()) {
      finish(out);
    }
  }

  private void read(Payload p) {
    int n = p.length();
    if (n < 2) {
      throw new RtpException("av1 payload truncated");
    }
    int agg = p.get(0);
    boolean z = (agg & 0x80) != 0;
    boolean y = (agg & 0x40) != 0;
    int w = (agg >>> 4) & 3;
    if ((agg & 0x08) != 0) {
      newSequence = true;
    }
    int pos = 1;
    for (int i = 0; pos < n; i++) {
      boolean lastByCount = w != 0 && i == w - 1;
      int len;
      if (lastByCount) {
        len = n - pos;
      } else {
        long[] v = leb128(p, pos);
        pos = (int) v[1];
        if (v[0] > n - pos) {
          throw new RtpException("av1 obu element overruns packet");
        }
        len = (int) v[0];
      }
      Payload element = p.slice(pos, pos + len);
      pos += len;
      boolean last = lastByCount || pos >= n;
      boolean continued = i == 0 && z;
      boolean continues = last && y;
      if (continued) {
        if (fragment == null) {
          damaged = true; // the start of this OBU was lost
        } else {
          append(element);
          if (!continues && fragment != null) {
            addObu(Payload.wrap(fragment, 0, fragmentLength));
            fragment = null;
          }
        }
      } else {
        if (fragment != null) {
          damaged = true; // the previous fragmented OBU never ended
          fragment = null;
        }
        if (continues) {
          fragment = new byte[len];
          fragmentLength = 0;
          append(element);
        } else {
          addObu(element);
        }
      }
      if (lastByCount) {
        break;
      }
    }
  }

  private void append(Payload data) {
    long need = (long) fragmentLength + data.length();
    if (need + size > MAX_TEMPORAL_UNIT) {
      damaged = true;
      fragment = null;
      return;
    }
    if (need > fragment.length) {
      fragment =
          Arrays.copyOf(
              fragment, (int) Math.min(MAX_TEMPORAL_UNIT, Math.max(need, 2L * fragment.length)));
    }
    data.copyTo(fragment, fragmentLength);
    fragmentLength = (int) need;
  }

  private void addObu(Payload obu) {
    if (obu.isEmpty()) {
      return;
    }
    int header = obu.get(0);
    if ((header & 0x80) != 0) {
      throw new RtpException("av1 obu forbidden bit set");
    }
    int type = Av1.obuType(header);
    if (type == Av1.OBU_TEMPORAL_DELIMITER || type == 8) {
      return;
    }
    if (obus.size() >= MAX_OBUS || size + 16L + obu.length() > MAX_TEMPORAL_UNIT) {
      damaged = true;
      return;
    }
    obus.add(obu);
    size += outputSize(obu);
  }

  /** The size of an OBU once it has a size field. */
  private static int outputSize(Payload obu) {
    if ((obu.get(0) & 0x02) != 0) {
      return obu.length();
    }
    int h = headerSize(obu);
    return h + lebSize(obu.length() - h) + obu.length() - h;
  }

  private static int headerSize(Payload obu) {
    return (obu.get(0) & 0x04) != 0 && obu.length() >= 2 ? 2 : 1;
  }

  private static int lebSize(long v) {
    int n = 1;
    while (v >= 0x80) {
      v >>>= 7;
      n++;
    }
    return n;
  }

  private void finish(Sink out) {
    if (fragment != null) {
      damaged = true;
      fragment = null;
    }
    try {
      if (damaged) {
        dropped++;
        return;
      }
      if (obus.isEmpty()) {
        return;
      }
      byte[] tu = new byte[size];
      int pos = 0;
      boolean sequenceHeader = false;
      for (Payload obu : obus) {
        sequenceHeader |= Av1.obuType(obu.get(0)) == Av1.OBU_SEQUENCE_HEADER;
        if ((obu.get(0) & 0x02) != 0) {
          obu.copyTo(tu, pos);
          pos += obu.length();
          continue;
        }
        int h = headerSize(obu);
        tu[pos++] = (byte) (obu.get(0) | 0x02);
        if (h == 2) {
          tu[pos++] = (byte) obu.get(1);
        }
        long v = obu.length() - h;
        do {
          int b = (int) (v & 0x7F);
          v >>>= 7;
          tu[pos++] = (byte) (v != 0 ? b | 0x80 : b);
        } while (v != 0);
        obu.slice(h, obu.length()).copyTo(tu, pos);
        pos += obu.length() - h;
      }
      if (sequenceHeader) {
        try {
          byte[] record = Av1.fromSequenceHeader(tu, 0, tu.length).toRecord();
          if (!Arrays.equals(record, lastConfig)) {
            lastConfig = record;
            out.config(timestamp, Payload.wrap(record.clone()));
          }
        } catch (CodecException e) {
          // an unreadable sequence header: the media still flows with the last configuration
        }
      }
      out.unit(timestamp, Payload.wrap(tu), sequenceHeader || newSequence);
    } finally {
      obus.clear();
      size = 0;
      pending = false;
      damaged = false;
    }
  }

  /** {value, position after} of the LEB128 number at {@code pos}, AV1 specification 4.10.5. */
  private static long[] leb128(Payload p, int pos) {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      if (pos >= p.length()) {
        throw new RtpException("av1 obu element length truncated");
      }
      int b = p.get(pos++);
      value |= (long) (b & 0x7F) << (7 * i);
      if ((b & 0x80) == 0) {
        return new long[] {value, pos};
      }
    }
    throw new RtpException("av1 obu element length too long");
  }
}
