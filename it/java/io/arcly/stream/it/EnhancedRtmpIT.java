package io.arcly.stream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.arcly.stream.protocol.rtmp.HevcSample;
import io.arcly.stream.protocol.rtmp.RtmpTestClient;
import io.arcly.stream.protocol.rtmp.amf.Amf;
import io.arcly.stream.protocol.rtmp.wire.Command;
import io.arcly.stream.protocol.rtmp.wire.RawMessage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * HEVC over Enhanced RTMP. Debian's ffmpeg 5.1 cannot publish it, so the test publishes a real HEVC
 * elementary stream (made by ffmpeg with libx265) as OBS 29.1+ does (FourCC {@code hvc1} sequence
 * start and coded frames), plays it back with a scripted player, checks the framing, and proves the
 * bytes: the played frames, turned back into an elementary stream, decode to exactly the same
 * pictures as the original.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class EnhancedRtmpIT {
  static final int FRAMES = 50;

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.app();
  }

  @BeforeEach
  void rtmpListens() {
    Http.awaitWorkers();
  }

  @Test
  void hevcPublishedOverEnhancedRtmpPlaysBackBitExact() throws Exception {
    Path dir = Files.createDirectories(Programs.LOGS.resolve("hevc"));
    Path original = dir.resolve("original.hevc");
    try (Programs.Run enc =
        Programs.start(
            "hevc-encode",
            List.of(
                Programs.require("ffmpeg"),
                "-y",
                "-hide_banner",
                "-v",
                "error",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=320x240:rate=25",
                "-frames:v",
                Integer.toString(FRAMES),
                "-c:v",
                "libx265",
                "-x265-params",
                "keyint=25:bframes=0:log-level=error",
                "-f",
                "hevc",
                original.toString()))) {
      assertThat(enc.await(60)).as(enc.output()).isZero();
    }
    HevcSample sample = new HevcSample(Files.readAllBytes(original));
    assertThat(sample.accessUnits).hasSize(FRAMES);
    byte[] hvcc = sample.hvcc;

    String stream = "hevc";
    try (RtmpTestClient player = new RtmpTestClient(RtmpInteropIT.RTMP_PORT)) {
      player.handshake(true);
      player.connect("live");
      int pid = player.createStream();
      player.command(pid, Command.of("play", 0, Amf.NULL, Amf.str(stream)));
      assertThat(player.awaitStatus("NetStream.Play.Start")).isNotEmpty();

      try (RtmpTestClient pub = new RtmpTestClient(RtmpInteropIT.RTMP_PORT)) {
        pub.handshake(true);
        int id = HevcSample.startPublish(pub, "live", stream);
        // The waiting player subscribes when the publish starts; send once it has.
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> Http.get("api/v1/streams/live/" + stream).body().contains("\"rtmp\":1"));
        sample.send(pub, id);
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> Http.get("api/v1/streams/live/" + stream).body().contains("hvc1."));
        assertThat(Http.get("api/v1/streams/live/" + stream).body())
            .contains("\"codec\":\"h265\"", "\"width\":320", "\"height\":240");
      }

      // The player gets the sequence start, then every frame, each with an Enhanced RTMP header.
      ByteArrayOutputStream played = new ByteArrayOutputStream();
      int frames = 0;
      byte[] seqStart = null;
      RawMessage m;
      while (frames < FRAMES && (m = player.next()) != null) {
        if (m.typeId() != 9) {
          continue;
        }
        byte[] b = m.body().toByteArray();
        assertThat(b[0] & 0x80).as("ex header bit").isNotZero();
        assertThat(new String(b, 1, 4, java.nio.charset.StandardCharsets.US_ASCII))
            .isEqualTo("hvc1");
        int packetType = b[0] & 0x0F;
        if (packetType == 0) {
          seqStart = Arrays.copyOfRange(b, 5, b.length);
          continue;
        }
        assertThat(packetType).isIn(1, 3);
        int start = packetType == 1 ? 8 : 5;
        if (frames == 0) {
          assertThat((b[0] >> 4) & 7).as("first frame is a key frame").isEqualTo(1);
          for (List<byte[]> ps : List.of(sample.vps, sample.sps, sample.pps)) {
            for (byte[] n : ps) {
              played.write(new byte[] {0, 0, 0, 1});
              played.write(n);
            }
          }
        }
        for (int p = start; p < b.length; ) {
          int len =
              ((b[p] & 0xFF) << 24)
                  | ((b[p + 1] & 0xFF) << 16)
                  | ((b[p + 2] & 0xFF) << 8)
                  | (b[p + 3] & 0xFF);
          played.write(new byte[] {0, 0, 0, 1});
          played.write(b, p + 4, len);
          p += 4 + len;
        }
        frames++;
      }
      assertThat(seqStart).as("sequence start").isEqualTo(hvcc);
      assertThat(frames).isEqualTo(FRAMES);
      Path back = dir.resolve("played.hevc");
      Files.write(back, played.toByteArray());
      assertThat(framemd5(original)).isEqualTo(framemd5(back)).hasSize(FRAMES);
    }
  }

  static List<String> framemd5(Path file) throws Exception {
    try (Programs.Run r =
        Programs.start(
            "framemd5-" + file.getFileName(),
            List.of(
                Programs.require("ffmpeg"),
                "-hide_banner",
                "-v",
                "error",
                "-i",
                file.toString(),
                "-f",
                "framemd5",
                "-"))) {
      assertThat(r.await(60)).as(r.output()).isZero();
      return r.output()
          .lines()
          .filter(l -> !l.startsWith("#"))
          .map(l -> l.substring(l.lastIndexOf(',') + 1).trim())
          .toList();
    }
  }
}
