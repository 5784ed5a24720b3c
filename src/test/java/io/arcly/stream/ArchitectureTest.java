package io.arcly.stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import io.arcly.stream.archfixture.ContainerAwareKernelClass;
import io.arcly.stream.archfixture.CrossProtocolClass;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape of the code, enforced: only the glue may see the container, protocols stand apart from
 * each other (they share the floors: media, codec, format, rtp, net and the kernel), pure packages
 * know no kernel, and no package cycles.
 */
class ArchitectureTest {
  /** Wire protocols: none may depend on another. */
  static final List<String> PROTOCOLS = List.of("rtmp", "rtsp", "srt", "webrtc", "hls");

  /** Packages that must stay plain Java: everything but the container glue. */
  static final String[] PLAIN = {
    "io.arcly.stream.kernel..",
    "io.arcly.stream.media..",
    "io.arcly.stream.config..",
    "io.arcly.stream.codec..",
    "io.arcly.stream.format..",
    "io.arcly.stream.rtp..",
    "io.arcly.stream.net..",
    "io.arcly.stream.protocol..",
    "io.arcly.stream.record..",
    "io.arcly.stream.forward..",
    "io.arcly.stream.auth.."
  };

  /**
   * Packages that only turn bytes into values and back: they know the media model and codecs, never
   * the kernel, so they can be tested, fuzzed and reused without an engine.
   */
  static final String[] PURE = {
    "io.arcly.stream.media..",
    "io.arcly.stream.codec..",
    "io.arcly.stream.format..",
    "io.arcly.stream.rtp..",
    "..wire..",
    "..sdp..",
    "..amf.."
  };

  static JavaClasses production;

  @BeforeAll
  static void importProduction() {
    production =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.arcly.stream");
  }

  static ArchRule noContainerTypes(String... packages) {
    return noClasses()
        .that()
        .resideInAnyPackage(packages)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "jakarta..",
            "javax.enterprise..",
            "javax.ws..",
            "org.eclipse.microprofile..",
            "io.openliberty..",
            "com.ibm..")
        .as("kernel, protocol and muxer code imports no jakarta or MicroProfile type")
        .allowEmptyShould(true);
  }

  static ArchRule protocolsStandApart() {
    List<ArchRule> rules = new ArrayList<>();
    for (String p : PROTOCOLS) {
      String[] others =
          PROTOCOLS.stream()
              .filter(o -> !o.equals(p))
              .map(o -> "io.arcly.stream.protocol." + o + "..")
              .toArray(String[]::new);
      rules.add(
          noClasses()
              .that()
              .resideInAPackage("io.arcly.stream.protocol." + p + "..")
              .should()
              .dependOnClassesThat()
              .resideInAnyPackage(others)
              .as("protocol " + p + " depends on no other protocol")
              .allowEmptyShould(true));
    }
    return CompositeArchRule.of(rules);
  }

  static ArchRule kernelDependsOnNothingAbove() {
    return noClasses()
        .that()
        .resideInAPackage("io.arcly.stream.kernel..")
        .should()
        .dependOnClassesThat()
        .resideOutsideOfPackages("io.arcly.stream.kernel..", "io.arcly.stream.media..", "java..")
        .as("the kernel depends on the media model and the JDK only");
  }

  static ArchRule pureStaysPure() {
    return noClasses()
        .that()
        .resideInAnyPackage(PURE)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.arcly.stream.kernel..", "io.arcly.stream.glue..", "io.arcly.stream.net..")
        .as("wire, sdp, rtp, format, codec and media code depends on no kernel, net or glue class");
  }

  static ArchRule noCycles(String pattern) {
    return slices().matching(pattern).should().beFreeOfCycles().allowEmptyShould(true);
  }

  @Test
  void kernelProtocolsAndMuxersImportNoContainerTypes() {
    noContainerTypes(PLAIN).check(production);
  }

  @Test
  void protocolsDoNotDependOnEachOther() {
    protocolsStandApart().check(production);
  }

  @Test
  void kernelDependsOnTheJdkOnly() {
    kernelDependsOnNothingAbove().check(production);
  }

  @Test
  void pureCodeImportsNoKernel() {
    pureStaysPure().check(production);
  }

  @Test
  void noPackageCycles() {
    noCycles("io.arcly.stream.(*)..").check(production);
    noCycles("io.arcly.stream.(*).(*)..").check(production);
  }

  @Test
  void theGlueIsWhereTheContainerLives() {
    assertThat(
            production.stream()
                .anyMatch(c -> c.getPackageName().startsWith("io.arcly.stream.glue")))
        .as("glue classes were imported, so the rules above saw the real code")
        .isTrue();
  }

  @Test
  void rulesCatchViolations() {
    JavaClasses fixtures =
        new ClassFileImporter()
            .importClasses(ContainerAwareKernelClass.class, CrossProtocolClass.class);
    assertThatThrownBy(() -> noContainerTypes("io.arcly.stream.archfixture..").check(fixtures))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("jakarta.inject.Inject");
    assertThatThrownBy(
            () ->
                noClasses()
                    .that()
                    .resideInAPackage("io.arcly.stream.archfixture..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage("io.arcly.stream.glue..")
                    .check(fixtures))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("ArclyRuntime");
  }
}
