package io.arcly.stream.rtp.format;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.arcly.stream.fuzz.DecoderContract;
import io.arcly.stream.fuzz.Seeds;
import io.arcly.stream.media.CodecId;
import io.arcly.stream.media.Frame;
import io.arcly.stream.rtp.Captures;
import io.arcly.stream.rtp.RtpException;
import io.arcly.stream.rtp.RtpPacket;
import io.arcly.stream.rtp.stream.LipSync;
import io.arcly.stream.rtp.stream.RtpReceiver;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes every depacketizer, through a receiver (with its DTS derivation), and the MP2T format: the
 * input is datagrams, each after its 16-bit length (the captures' layout), fed as they parse to
 * each format with the format parameters of its capture; the derived H.264 / H.265 decoding times
 * must not go back. Seeded with the captures.
 */
class DepacketizerFuzzTest {
  static Stream<Arguments> seeds() {
    return Seeds.lazily(() -> Seeds.resources("io/arcly/stream/rtp/captures", ".rtp"));
  }

  @MethodSource("seeds")
  @FuzzTest
  void packets(byte[] input) throws Exception {
    DecoderContract contract = DecoderContract.throwing(RtpException.class);
    List<RtpPacket> packets = new ArrayList<>();
    for (byte[] d : Captures.datagrams(input)) {
      try {
        packets.add(RtpPacket.parse(d, 0, d.length));
      } catch (RtpException e) {
        // not a packet: the transport drops it before a payload format sees it
      }
    }
    for (String name : Captures.NAMES) {
      contract.check(input.length, () -> feed(name, packets));
    }
  }

  private static void feed(String name, List<RtpPacket> packets) {
    Captures.Capture c = Captures.load(name);
    if (c.encoding().equals("MP2T")) {
      Mp2tFormat f = new Mp2tFormat();
      for (RtpPacket p : packets) {
        try {
          f.push(p, ts -> {});
        } catch (RtpException e) {
          // counted by the format
        }
      }
      return;
    }
    Depacketizer d =
        PayloadFormats.depacketizer(c.encoding(), c.clockRate(), c.channels(), c.fmtp());
    List<Frame> frames = new ArrayList<>();
    RtpReceiver r = new RtpReceiver(d, new LipSync().track(d.clockRate()), frames::add);
    long t = 0;
    for (RtpPacket p : packets) {
      try {
        r.receive(p, t += 1_000_000);
      } catch (RtpException e) {
        // counted by the receiver
      }
    }
    if (d.codec() != CodecId.H264 && d.codec() != CodecId.H265) {
      return; // other formats' timestamps are the sender's, backwards if it says so
    }
    long prev = Long.MIN_VALUE;
    for (Frame f : frames) {
      if (!f.isConfig() && f.dts() < prev) {
        throw new AssertionError("dts went back from " + prev + " to " + f.dts());
      }
      prev = f.isConfig() ? prev : f.dts();
    }
  }
}
