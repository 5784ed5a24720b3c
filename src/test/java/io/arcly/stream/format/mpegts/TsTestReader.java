package io.arcly.stream.format.mpegts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A minimal transport stream reader for tests: checks packet framing and reassembles units. */
final class TsTestReader {
  /** One transport packet, split into its parts. */
  record Packet(int pid, boolean start, int cc, byte[] adaptation, byte[] payload) {}

  private TsTestReader() {}

  /** Splits a stream into packets, asserting 188-byte framing and the sync byte. */
  static List<Packet> packets(byte[] ts) {
    assertThat(ts.length % 188).as("stream length multiple of 188").isZero();
    List<Packet> out = new ArrayList<>();
    for (int at = 0; at < ts.length; at += 188) {
      assertThat(ts[at] & 0xFF).as("sync byte").isEqualTo(0x47);
      int pid = ((ts[at + 1] & 0x1F) << 8) | (ts[at + 2] & 0xFF);
      boolean start = (ts[at + 1] & 0x40) != 0;
      int control = (ts[at + 3] >> 4) & 3;
      int cc = ts[at + 3] & 0xF;
      int p = at + 4;
      byte[] af = new byte[0];
      if ((control & 2) != 0) {
        int len = ts[p] & 0xFF;
        af = java.util.Arrays.copyOfRange(ts, p + 1, p + 1 + len);
        p += 1 + len;
      }
      byte[] payload =
          (control & 1) != 0 ? java.util.Arrays.copyOfRange(ts, p, at + 188) : new byte[0];
      out.add(new Packet(pid, start, cc, af, payload));
    }
    return out;
  }

  /** The payload units (PES packets) of each PID, in stream order, by concatenating payloads. */
  static Map<Integer, List<byte[]>> units(byte[] ts) {
    Map<Integer, List<ByteArrayOutputStream>> acc = new LinkedHashMap<>();
    for (Packet p : packets(ts)) {
      List<ByteArrayOutputStream> list = acc.computeIfAbsent(p.pid(), k -> new ArrayList<>());
      if (p.start() || list.isEmpty()) {
        list.add(new ByteArrayOutputStream());
      }
      list.get(list.size() - 1).writeBytes(p.payload());
    }
    Map<Integer, List<byte[]>> out = new LinkedHashMap<>();
    acc.forEach(
        (pid, l) -> out.put(pid, l.stream().map(ByteArrayOutputStream::toByteArray).toList()));
    return out;
  }

  /** Parses hex with optional spaces. */
  static byte[] hex(String s) {
    String h = s.replace(" ", "");
    byte[] b = new byte[h.length() / 2];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
    }
    return b;
  }

  /** The CRC-32/MPEG-2, bit by bit, independent of the table-driven implementation. */
  static int bitwiseCrc(byte[] b, int off, int len) {
    int crc = -1;
    for (int i = off; i < off + len; i++) {
      for (int bit = 7; bit >= 0; bit--) {
        int in = (b[i] >> bit) & 1;
        int top = crc >>> 31;
        crc <<= 1;
        if ((top ^ in) != 0) {
          crc ^= 0x04C11DB7;
        }
      }
    }
    return crc;
  }
}
