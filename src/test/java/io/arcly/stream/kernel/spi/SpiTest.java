package io.arcly.stream.kernel.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.arcly.stream.media.ClientInfo;
import io.arcly.stream.media.StreamKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpiTest {
  @Test
  void fileAuditSinkWritesOneEscapedJsonObjectPerLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("sub/audit.jsonl");
    try (FileAuditSink sink = new FileAuditSink(file)) {
      sink.record(
          new AuditRecord(
              Instant.parse("2026-11-21T10:00:00Z"),
              AuditRecord.Action.PUBLISH_START,
              new StreamKey("live", "cam"),
              new ClientInfo("rtmp", "127.0.0.1:50312", "FMLE/3.0 \"x\""),
              ""));
      sink.record(
          new AuditRecord(
              Instant.parse("2026-11-21T10:00:01Z"),
              AuditRecord.Action.PUBLISH_END,
              new StreamKey("live", "cam"),
              new ClientInfo("rtmp", "127.0.0.1:50312", "a\\b"),
              "closed\u0001"));
    }
    List<String> lines = Files.readAllLines(file);
    assertThat(lines)
        .containsExactly(
            "{\"at\":\"2026-11-21T10:00:00Z\",\"action\":\"publish_start\",\"stream\":\"live/cam\",\"protocol\":\"rtmp\","
                + "\"remote\":\"127.0.0.1:50312\",\"client\":\"FMLE/3.0 \\\"x\\\"\",\"detail\":\"\"}",
            "{\"at\":\"2026-11-21T10:00:01Z\",\"action\":\"publish_end\",\"stream\":\"live/cam\",\"protocol\":\"rtmp\","
                + "\"remote\":\"127.0.0.1:50312\",\"client\":\"a\\\\b\",\"detail\":\"closed\\u0001\"}");
    // Appends on reopen.
    try (FileAuditSink sink = new FileAuditSink(file)) {
      sink.record(
          new AuditRecord(
              Instant.EPOCH,
              AuditRecord.Action.REJECTED,
              new StreamKey("a", "b"),
              new ClientInfo("hls", "", ""),
              "bad token"));
    }
    assertThat(Files.readAllLines(file)).hasSize(3);
  }

  @Test
  void queryStringsBecomeCredentialsWithoutLeakingSecrets() {
    Credentials c = Credentials.parseQuery("token=a%2Bb&token=second&flag&x=1=2");
    assertThat(c.param("token")).contains("a+b");
    assertThat(c.param("flag")).contains("");
    assertThat(c.param("x")).contains("1=2");
    assertThat(c.toString()).doesNotContain("a+b");
    assertThat(Credentials.parseQuery(null)).isSameAs(Credentials.NONE);
    assertThat(Credentials.parseQuery("%zz=1").param("%zz")).contains("1");
  }
}
