package io.arcly.stream.protocol.rtmp.amf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The value model: factories, accessors, immutability and the plain-Java view. */
class AmfTest {
  @Test
  void factoriesBuildTheRecords() {
    assertThat(Amf.str("a")).isEqualTo(new Amf.Str("a"));
    assertThat(Amf.num(1.5)).isEqualTo(new Amf.Num(1.5));
    assertThat(Amf.bool(true)).isEqualTo(new Amf.Bool(true));
    assertThat(Amf.obj("a", Amf.num(1), "b", Amf.NULL))
        .isEqualTo(new Amf.Obj(Map.of("a", Amf.num(1), "b", Amf.NULL)));
    assertThat(Amf.ecma("x", Amf.str("y")).properties())
        .containsExactly(Map.entry("x", Amf.str("y")));
    assertThat(Amf.obj()).isEqualTo(new Amf.Obj(Map.of()));
  }

  @Test
  void factoriesRejectMalformedPairs() {
    assertThatThrownBy(() -> Amf.obj("a")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Amf.obj(1, Amf.NULL)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Amf.ecma("a", "not amf")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void mapsKeepInsertionOrderAndAreCopiedUnmodifiable() {
    Map<String, Amf> source = new LinkedHashMap<>();
    for (String k : List.of("z", "a", "m", "b")) {
      source.put(k, Amf.str(k));
    }
    Amf.Obj obj = new Amf.Obj(source);
    source.put("late", Amf.NULL);
    assertThat(obj.properties().keySet()).containsExactly("z", "a", "m", "b");
    assertThatThrownBy(() -> obj.properties().put("x", Amf.NULL))
        .isInstanceOf(UnsupportedOperationException.class);

    Amf.Typed typed = new Amf.Typed("C", source);
    assertThat(typed.properties()).hasSize(5);
    assertThatThrownBy(() -> typed.properties().clear())
        .isInstanceOf(UnsupportedOperationException.class);

    java.util.ArrayList<Amf> list = new java.util.ArrayList<>(List.of(Amf.num(1)));
    Amf.Array array = new Amf.Array(list);
    list.add(Amf.num(2));
    assertThat(array.values()).containsExactly(Amf.num(1));
    assertThatThrownBy(() -> array.values().add(Amf.NULL))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void nullsAreRejected() {
    Map<String, Amf> nullValue = new HashMap<>();
    nullValue.put("a", null);
    Map<String, Amf> nullKey = new HashMap<>();
    nullKey.put(null, Amf.NULL);
    assertThatThrownBy(() -> new Amf.Obj(nullValue)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new Amf.Ecma(nullKey)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new Amf.Str(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new Amf.Array(Arrays.asList(Amf.NULL, null)))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void singletonsEqualFreshInstances() {
    assertThat(Amf.NULL).isEqualTo(new Amf.Null());
    assertThat(Amf.UNDEFINED).isEqualTo(new Amf.Undefined());
    assertThat(Amf.UNSUPPORTED).isEqualTo(new Amf.Unsupported());
    assertThat(Amf.NULL).isNotEqualTo(Amf.UNDEFINED);
  }

  @Test
  void bytesCompareContentAndAreCopied() {
    byte[] raw = {1, 2, 3};
    Amf.Bytes bytes = new Amf.Bytes(raw);
    raw[0] = 9;
    assertThat(bytes).isEqualTo(new Amf.Bytes(new byte[] {1, 2, 3}));
    assertThat(bytes.hashCode()).isEqualTo(new Amf.Bytes(new byte[] {1, 2, 3}).hashCode());
    assertThat(bytes).isNotEqualTo(new Amf.Bytes(new byte[] {1, 2}));
    bytes.value()[1] = 9;
    assertThat(bytes.value()).containsExactly(1, 2, 3);
    assertThat(bytes.length()).isEqualTo(3);
    assertThat(bytes.toString()).isEqualTo("Bytes[3 bytes: 010203]");
    assertThat(new Amf.Bytes(new byte[40]).toString()).endsWith("...]").contains("40 bytes");
  }

  @Test
  void accessorsAnswerForTheMatchingTypeOnly() {
    Amf cmd = Amf.obj("app", Amf.str("live"), "n", Amf.num(3));
    assertThat(cmd.string("app")).isEqualTo("live");
    assertThat(cmd.string("n")).isNull();
    assertThat(cmd.string("missing")).isNull();
    assertThat(cmd.get("n").asNumber(-1)).isEqualTo(3.0);
    assertThat(cmd.get("app").asNumber(-1)).isEqualTo(-1.0);
    assertThat(cmd.get("missing")).isNull();
    assertThat(Amf.str("x").asString()).isEqualTo("x");
    assertThat(new Amf.Xml("<a/>").asString()).isNull();
    assertThat(Amf.num(1).properties()).isEmpty();
    assertThat(Amf.NULL.get("x")).isNull();
    assertThat(new Amf.Typed("C", Map.of("k", Amf.bool(true))).get("k")).isEqualTo(Amf.bool(true));
    assertThat(Amf.ecma("k", Amf.str("v")).string("k")).isEqualTo("v");
  }

  @Test
  void toJavaMapsEveryType() {
    assertThat(Amf.num(2).toJava()).isEqualTo(2.0);
    assertThat(Amf.bool(false).toJava()).isEqualTo(false);
    assertThat(Amf.str("s").toJava()).isEqualTo("s");
    assertThat(new Amf.Xml("<x/>").toJava()).isEqualTo("<x/>");
    assertThat(Amf.NULL.toJava()).isNull();
    assertThat(Amf.UNDEFINED.toJava()).isNull();
    assertThat(Amf.UNSUPPORTED.toJava()).isNull();
    assertThat(new Amf.Date(1_577_836_800_123.5, 60).toJava())
        .isEqualTo(Instant.parse("2020-01-01T00:00:00.123500Z"));
    assertThat(new Amf.Date(Double.NaN, 0).toJava()).isNull();
    assertThat((byte[]) new Amf.Bytes(new byte[] {7}).toJava()).containsExactly(7);

    Object java =
        Amf.obj(
                "a",
                Amf.NULL,
                "b",
                new Amf.Array(List.of(Amf.num(1), Amf.UNDEFINED)),
                "c",
                Amf.ecma("d", Amf.str("e")),
                "t",
                new Amf.Typed("T", Map.of("x", Amf.bool(true))))
            .toJava();
    assertThat(java).isInstanceOf(Map.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) java;
    assertThat(map.keySet()).containsExactly("a", "b", "c", "t");
    assertThat(map).containsEntry("a", null);
    assertThat((List<Object>) map.get("b")).containsExactly(1.0, null);
    assertThat(map.get("c")).isEqualTo(Map.of("d", "e"));
    assertThat(map.get("t")).isEqualTo(Map.of("x", true));
    assertThatThrownBy(() -> map.put("z", 1)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> ((List<Object>) map.get("b")).add(1))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
