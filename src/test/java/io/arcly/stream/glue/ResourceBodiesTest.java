package io.arcly.stream.glue;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.ws.rs.HttpMethod;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * No JAX-RS resource lets a provider parse a request body from the network: every entity parameter
 * is a plain {@link InputStream}, read in full under a limit by {@link RequestBody} first.
 */
class ResourceBodiesTest {
  @Test
  void everyEntityParameterIsARawStream() {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.arcly.stream.glue");
    List<String> offenders = new ArrayList<>();
    int resources = 0;
    for (var jc : classes) {
      Class<?> c = jc.reflect();
      for (Method m : c.getDeclaredMethods()) {
        if (!isResourceMethod(m)) {
          continue;
        }
        resources++;
        for (Parameter p : m.getParameters()) {
          if (isEntity(p) && p.getType() != InputStream.class) {
            offenders.add(c.getSimpleName() + "." + m.getName() + "(" + p.getType() + ")");
          }
        }
      }
    }
    assertThat(resources).as("resource methods found").isGreaterThan(5);
    assertThat(offenders).as("entity parameters parsed by a provider").isEmpty();
  }

  private static boolean isResourceMethod(Method m) {
    for (Annotation a : m.getAnnotations()) {
      if (a.annotationType().isAnnotationPresent(HttpMethod.class)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isEntity(Parameter p) {
    for (Annotation a : p.getAnnotations()) {
      String pkg = a.annotationType().getPackageName();
      if (pkg.startsWith("jakarta.ws.rs")) {
        return false; // @PathParam, @QueryParam, @HeaderParam, @Context, @Suspended, ...
      }
    }
    return true;
  }
}
