package io.arcly.stream.conformance.pcap;

import static io.arcly.stream.fuzz.Seeds.seed;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.arcly.stream.conformance.pcap.PcapWriter.Packet;
import io.arcly.stream.fuzz.DecoderContract;
import io.arcly.stream.fuzz.Seeds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes {@link Pcap#read}, which reads whatever capture file it is given: only {@link
 * PcapException} may escape, for a broken file structure. Seeded with a file per supported link
 * type, the captures in {@code pcap-vectors} and a short real trace.
 */
class PcapFuzzTest {
  static Stream<Arguments> seeds() {
    return Seeds.lazily(
        () ->
            PcapLinkTypeTest.linkTypes()
                .map(Arguments::get)
                .map(
                    a -> {
                      @SuppressWarnings("unchecked")
                      UnaryOperator<byte[]> frame = (UnaryOperator<byte[]>) a[2];
                      return seed(
                          (String) a[0],
                          PcapWriter.pcap(
                              (int) a[1],
                              List.of(
                                  new Packet(
                                      PcapLinkTypeTest.T, frame.apply(PcapLinkTypeTest.udp4())),
                                  new Packet(
                                      PcapLinkTypeTest.T + 1, frame.apply(PcapLinkTypeTest.tcp6())),
                                  new Packet(
                                      PcapLinkTypeTest.T + 2,
                                      frame.apply(PcapLinkTypeTest.tcp6data())))));
                    }),
        () -> Seeds.resources("pcap-vectors", ".pcap", ".pcapng"),
        () ->
            Stream.of(
                seed(
                    "ffmpeg publish, garbage after the handshake",
                    read(
                        Path.of(
                            "conformance",
                            "traces",
                            "rtmp-ffmpeg-publish-garbage-after-handshake.pcap")))));
  }

  private static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @MethodSource("seeds")
  @FuzzTest
  void captureFile(byte[] input) throws Exception {
    DecoderContract.throwing(PcapException.class)
        .allocatingAtMost(1 << 20, 256)
        .check(input.length, () -> Pcap.read(input));
  }
}
