package io.arcly.stream.rtp.format;

import io.arcly.stream.codec.CodecException;
import io.arcly.stream.media.Payload;
import io.arcly.stream.rtp.RtpException;
import io.arcly.stream.rtp.RtpPacket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the H.264 and H.265 depacketizers share: access unit assembly from single NAL units,
 * aggregates and fragments; the access unit ends at the marker bit or when the timestamp changes; a
 * sequence gap or a broken fragment drops the access unit it touches.
 */
abstract class NalDepacketizer implements Depacketizer {
  /** The largest access unit assembled, bytes with length prefixes. */
  static final int MAX_ACCESS_UNIT = 8 << 20;

  /** The most NAL units in one access unit. */
  static final int MAX_NAL_UNITS = 1024;

  private final List<Payload> nals = new ArrayList<>();
  private int size;
  private boolean pending;
  private long timestamp;
  private boolean damaged;
  private int lastSequence = -1;

  private byte[] fragment;
  private int fragmentLength;

  private long dropped;

  /** Reads one packet's payload, adding NAL units with {@link #addNal} and fragments. */
  abstract void read(Payload payload);

  /** Whether the access unit is a random access point. */
  abstract boolean isKeyframe(List<Payload> nals);

  /**
   * Takes note of the parameter sets among the NAL units and returns a new configuration record
   * when they changed, or null.
   */
  abstract Payload updateConfig(List<Payload> nals);

  /** Whether a NAL unit is left out of access units (access unit delimiters). */
  abstract boolean isDropped(Payload nal);

  @Override
  public final void push(RtpPacket packet, Sink out) {
    int seq = packet.sequence();
    boolean gap = lastSequence >= 0 && seq != ((lastSequence + 1) & 0xFFFF);
    lastSequence = seq;
    if (gap) {
      // the lost packets may have ended the access unit being assembled or started this one
      if (pending && packet.timestamp() != timestamp) {
        damaged = true;
        finish(out);
      }
      resetFragment();
      damaged = true;
    } else if (pending && packet.timestamp() != timestamp) {
      finish(out);
    }
    if (!pending) {
      pending = true;
      timestamp = packet.timestamp();
    }
    try {
      read(packet.payload());
    } catch (RtpException e) {
      damaged = true;
      resetFragment();
      throw e;
    }
    if (packet.marker()) {
      finish(out);
    }
  }

  @Override
  public long droppedUnits() {
    return dropped;
  }

  /** Adds a whole NAL unit to the access unit being assembled. */
  final void addNal(Payload nal) {
    if (nal.isEmpty() || isDropped(nal)) {
      return;
    }
    if (nals.size() >= MAX_NAL_UNITS || size + 4L + nal.length() > MAX_ACCESS_UNIT) {
      damaged = true;
      return;
    }
    nals.add(nal);
    size += 4 + nal.length();
  }

  /** Starts a fragmented NAL unit with its reconstructed header. */
  final void startFragment(byte[] header, Payload data) {
    if (fragment != null) {
      damaged = true; // the previous fragmented NAL unit never ended
    }
    fragment = new byte[header.length + data.length()];
    System.arraycopy(header, 0, fragment, 0, header.length);
    fragmentLength = header.length;
    appendFragment(data);
  }

  /** Whether a fragmented NAL unit is being assembled. */
  final boolean inFragment() {
    return fragment != null;
  }

  /** Adds the next fragment; completes the NAL unit when {@code end}. */
  final void continueFragment(Payload data, boolean end) {
    if (fragment == null) {
      damaged = true; // its start was lost
      return;
    }
    appendFragment(data);
    if (fragment != null && end) {
      addNal(Payload.wrap(fragment, 0, fragmentLength));
      fragment = null;
    }
  }

  private void appendFragment(Payload data) {
    long need = (long) fragmentLength + data.length();
    if (need + size > MAX_ACCESS_UNIT) {
      damaged = true;
      resetFragment();
      return;
    }
    if (need > fragment.length) {
      fragment =
          Arrays.copyOf(
              fragment, (int) Math.min(MAX_ACCESS_UNIT, Math.max(need, 2L * fragment.length)));
    }
    data.copyTo(fragment, fragmentLength);
    fragmentLength = (int) need;
  }

  private void resetFragment() {
    fragment = null;
    fragmentLength = 0;
  }

  private void finish(Sink out) {
    if (fragment != null) {
      damaged = true;
      resetFragment();
    }
    try {
      if (damaged) {
        dropped++;
        return;
      }
      if (nals.isEmpty()) {
        return;
      }
      Payload config;
      try {
        config = updateConfig(nals);
      } catch (CodecException e) {
        config = null; // unreadable parameter sets: the media still flows with the last config
      }
      if (config != null) {
        out.config(timestamp, config);
      }
      byte[] au = new byte[size];
      int pos = 0;
      for (Payload nal : nals) {
        int n = nal.length();
        au[pos] = (byte) (n >>> 24);
        au[pos + 1] = (byte) (n >>> 16);
        au[pos + 2] = (byte) (n >>> 8);
        au[pos + 3] = (byte) n;
        nal.copyTo(au, pos + 4);
        pos += 4 + n;
      }
      out.unit(timestamp, Payload.wrap(au), isKeyframe(nals));
    } finally {
      nals.clear();
      size = 0;
      pending = false;
      damaged = false;
    }
  }

  /** Reads {@code 16-bit size, NAL unit} pairs from {@code from}, as STAP-A and AP carry them. */
  final void readAggregate(Payload p, int from, int skipBetween, String name) {
    int pos = from;
    int n = p.length();
    boolean first = true;
    while (pos < n) {
      if (!first) {
        pos += skipBetween;
      }
      first = false;
      if (pos + 2 > n) {
        throw new RtpException(name + " aggregate truncated");
      }
      int len = (p.get(pos) << 8) | p.get(pos + 1);
      if (len == 0 || pos + 2 + len > n) {
        throw new RtpException(name + " aggregate unit overruns packet");
      }
      addNal(p.slice(pos + 2, pos + 2 + len));
      pos += 2 + len;
    }
  }

  /** Decodes a base64 parameter set of the format parameters. */
  static byte[] base64(String value, String name) {
    try {
      return java.util.Base64.getDecoder().decode(value.trim());
    } catch (IllegalArgumentException e) {
      throw new RtpException(name + " is not base64");
    }
  }
}
