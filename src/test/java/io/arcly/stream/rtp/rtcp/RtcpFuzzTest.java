package io.arcly.stream.rtp.rtcp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.arcly.stream.fuzz.DecoderContract;
import io.arcly.stream.fuzz.Seeds;
import io.arcly.stream.rtp.RtpException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes {@link Rtcp#parse}; a compound packet without text (SDES, BYE) is written back and must
 * parse to the same packets. Seeded with the unit tests' packets.
 */
class RtcpFuzzTest {
  static Stream<Arguments> seeds() {
    return Seeds.lazily(
        () ->
            Stream.of(
                Seeds.seed(
                    "sr and sdes",
                    HexFormat.of()
                        .parseHex(
                            "80c8000612345678e91f2a008000000000015f900000000a00001000"
                                + "81ca000412345678010661726"
                                + "36c793100000000")),
                Seeds.seed(
                    "nack",
                    HexFormat.of().parseHex("81cd00030000000100000002006480 01".replace(" ", ""))),
                Seeds.seed(
                    "rr, bye, pli, fir",
                    Rtcp.encode(
                        List.of(
                            new RtcpPacket.ReceiverReport(
                                9, List.of(new RtcpPacket.ReportBlock(7, 1, -1, 2, 3, 4, 5))),
                            new RtcpPacket.Goodbye(List.of(7L), "x"),
                            new RtcpPacket.PictureLossIndication(1, 2),
                            new RtcpPacket.FullIntraRequest(
                                1, List.of(new RtcpPacket.FullIntraRequest.FirEntry(2, 3))))))));
  }

  @MethodSource("seeds")
  @FuzzTest
  void compound(byte[] input) throws Exception {
    DecoderContract.throwing(RtpException.class)
        .check(
            input.length,
            () -> {
              List<RtcpPacket> ps = Rtcp.parse(input, 0, input.length);
              if (ps.stream()
                  .noneMatch(
                      p ->
                          p instanceof RtcpPacket.SourceDescription
                              || p instanceof RtcpPacket.Goodbye)) {
                byte[] again = Rtcp.encode(ps);
                if (again.length > 0) {
                  DecoderContract.roundTrip(ps, Rtcp.parse(again, 0, again.length));
                }
              }
            });
  }
}
