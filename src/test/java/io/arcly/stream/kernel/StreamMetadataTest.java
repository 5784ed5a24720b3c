package io.arcly.stream.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamMetadataTest {
  static Map<String, Object> obsLike() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("duration", 0.0);
    m.put("width", 1280.0);
    m.put("height", 720.0);
    m.put("videocodecid", 7.0);
    m.put("framerate", 30.0);
    m.put("stereo", true);
    m.put("encoder", "obs-output module (libobs version 30.0.2)");
    return m;
  }

  @Test
  void anEncodersUsualMetadataIsKeptAsItCame() {
    StreamMetadata m = new StreamMetadata(obsLike());
    assertThat(m.values()).containsExactlyEntriesOf(obsLike());
    assertThat(m.dropped()).isZero();
    assertThat(new StreamMetadata(m.values())).isEqualTo(m);
  }

  @Test
  void theSourceOrderIsKeptAndANullKeyDropped() {
    Map<String, Object> custom = new LinkedHashMap<>();
    custom.put("custom", "first");
    custom.put(null, 1.0);
    custom.put("width", 640.0);
    StreamMetadata withCustom = new StreamMetadata(custom);
    assertThat(withCustom.values().keySet()).containsExactly("custom", "width");
    assertThat(withCustom.dropped()).isEqualTo(1);
  }

  @Test
  void twentyThousandKeysAreCutToTheLimitKeepingTheWellKnownOnes() {
    Map<String, Object> huge = new LinkedHashMap<>();
    for (int i = 0; i < 20_000; i++) {
      huge.put("k" + i, "v".repeat(40));
    }
    huge.putAll(obsLike()); // last, after the noise
    StreamMetadata m = new StreamMetadata(huge);
    assertThat(m.values()).hasSizeLessThanOrEqualTo(StreamMetadata.MAX_ENTRIES);
    assertThat(m.values()).containsAllEntriesOf(obsLike());
    assertThat(m.values().keySet()).first().isEqualTo("k0"); // the source's order is kept
    assertThat(m.dropped()).isGreaterThan(19_000);
    assertThat(size(m.values())).isLessThanOrEqualTo(StreamMetadata.MAX_SIZE);
  }

  @Test
  void longStringsAreCutControlCharactersReplacedAndLongKeysDropped() {
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("encoder", "x264\r\nInjected: yes" + "y".repeat(5000));
    in.put("k".repeat(StreamMetadata.MAX_KEY_LENGTH + 1), 1.0);
    in.put("bad\nkey", 2.0);
    in.put("nan", Double.NaN);
    in.put("blob", new byte[StreamMetadata.MAX_STRING + 1]);
    in.put("when", Instant.EPOCH);
    StreamMetadata m = new StreamMetadata(in);
    assertThat(m.string("encoder"))
        .hasSize(StreamMetadata.MAX_STRING)
        .startsWith("x264??Injected: yes")
        .endsWith("...");
    assertThat(m.values()).containsOnlyKeys("encoder", "bad?key", "when");
    assertThat(m.dropped()).isEqualTo(5); // one cut, one renamed, three dropped
  }

  @Test
  void nestingIsBoundedAndNestedEntriesCount() {
    Map<String, Object> deep = Map.of("leaf", 1.0);
    for (int i = 0; i < 10; i++) {
      deep = Map.of("level" + i, deep);
    }
    List<Object> longList = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      longList.add((double) i);
    }
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("deep", deep);
    in.put("list", longList);
    StreamMetadata m = new StreamMetadata(in);
    assertThat(depth(m.values())).isLessThanOrEqualTo(StreamMetadata.MAX_DEPTH);
    assertThat((List<?>) m.values().get("list")).hasSize(StreamMetadata.MAX_ENTRIES);
    assertThat(m.dropped()).isPositive();
  }

  static int depth(Object v) {
    if (v instanceof Map<?, ?> map) {
      return 1 + map.values().stream().mapToInt(StreamMetadataTest::depth).max().orElse(0);
    }
    if (v instanceof List<?> list) {
      return 1 + list.stream().mapToInt(StreamMetadataTest::depth).max().orElse(0);
    }
    return 0;
  }

  /** A rough JSON size. */
  static int size(Object v) {
    if (v instanceof Map<?, ?> map) {
      return map.entrySet().stream()
          .mapToInt(e -> e.getKey().toString().length() + 2 + size(e.getValue()))
          .sum();
    }
    return String.valueOf(v).length();
  }
}
