package io.arcly.stream.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;

/** Test vectors and robustness checks shared by the codec tests. */
final class CodecTesting {
  private CodecTesting() {}

  /** The bytes of {@code src/test/resources/vectors/codec/PATH}. */
  static byte[] vector(String path) {
    try (InputStream in = CodecTesting.class.getResourceAsStream("/vectors/codec/" + path)) {
      if (in == null) {
        throw new AssertionError("missing test vector " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code bytes} at offset 3 of a larger array with non-zero bytes around it. */
  static byte[] embedded(byte[] bytes) {
    byte[] out = new byte[bytes.length + 6];
    Arrays.fill(out, (byte) 0xA5);
    System.arraycopy(bytes, 0, out, 3, bytes.length);
    return out;
  }

  /**
   * Parses every proper prefix of {@code full}: each must either throw a {@link CodecException} or,
   * from {@code minLength} on, parse. Returns how many prefixes were rejected.
   */
  static <T> int assertTruncationsFailCleanly(
      byte[] full, int minLength, Function<byte[], T> parser) {
    int rejected = 0;
    for (int len = 0; len < full.length; len++) {
      byte[] prefix = Arrays.copyOf(full, len);
      try {
        parser.apply(prefix);
        assertThat(len).as("prefix of %d bytes parsed", len).isGreaterThanOrEqualTo(minLength);
      } catch (CodecException e) {
        assertThat(e.getMessage()).isNotBlank().isEqualTo(e.getMessage().toLowerCase());
        rejected++;
      } catch (RuntimeException e) {
        fail("prefix of " + len + " bytes threw " + e, e);
      }
    }
    return rejected;
  }

  /**
   * Feeds {@code cases} random inputs (from {@code generator}, seeded) to {@code parser}: each must
   * parse or throw a {@link CodecException}, never another exception. Returns how many parsed.
   */
  static <T> int assertRandomInputFailsCleanly(
      long seed, int cases, Function<Random, byte[]> generator, Function<byte[], T> parser) {
    Random random = new Random(seed);
    int parsed = 0;
    for (int i = 0; i < cases; i++) {
      byte[] input = generator.apply(random);
      try {
        parser.apply(input);
        parsed++;
      } catch (CodecException e) {
        assertThat(e.getMessage()).isNotBlank();
      } catch (RuntimeException e) {
        fail("case " + i + " " + hex(input) + " threw " + e, e);
      }
    }
    return parsed;
  }

  /** Random bytes of length 0 to {@code maxLength}. */
  static Function<Random, byte[]> randomBytes(int maxLength) {
    return r -> {
      byte[] b = new byte[r.nextInt(maxLength + 1)];
      r.nextBytes(b);
      return b;
    };
  }

  /** Random bytes of length 1 to {@code maxLength} starting with {@code first}. */
  static Function<Random, byte[]> randomBytesAfter(int maxLength, byte... first) {
    return r -> {
      byte[] b = new byte[first.length + r.nextInt(maxLength + 1)];
      r.nextBytes(b);
      System.arraycopy(first, 0, b, 0, first.length);
      return b;
    };
  }

  /** Copies of {@code base} with 1 to 4 random bytes replaced by random or boundary values. */
  static Function<Random, byte[]> mutationsOf(byte[] base) {
    return r -> {
      byte[] b = base.clone();
      int n = 1 + r.nextInt(4);
      for (int i = 0; i < n && b.length > 0; i++) {
        int at = r.nextInt(b.length);
        b[at] =
            switch (r.nextInt(4)) {
              case 0 -> 0;
              case 1 -> (byte) 0xFF;
              case 2 -> (byte) (b[at] ^ (1 << r.nextInt(8)));
              default -> (byte) r.nextInt(256);
            };
      }
      if (r.nextInt(8) == 0) {
        b = Arrays.copyOf(b, r.nextInt(b.length + 1));
      }
      return b;
    };
  }

  /** Lowercase hex of {@code b}. */
  static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte x : b) {
      sb.append(String.format("%02x", x));
    }
    return sb.toString();
  }

  /** The bytes of a hex string, spaces allowed. */
  static byte[] bytes(String hex) {
    String h = hex.replace(" ", "");
    byte[] out = new byte[h.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
    }
    return out;
  }
}
