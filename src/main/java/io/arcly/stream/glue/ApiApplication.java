package io.arcly.stream.glue;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The JAX-RS application at the context root: the API under {@code /api/v1}, later HLS, WHIP and
 * WHEP.
 */
@ApplicationPath("/")
public class ApiApplication extends Application {}
