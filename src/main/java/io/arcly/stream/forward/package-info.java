/**
 * Protocol-neutral pulls: sources (IP cameras, other servers) the server fetches and publishes as
 * its own streams, always or on demand, with reconnects and back-off. Protocols implement {@link
 * io.arcly.stream.forward.PullClient}; this package never knows them.
 */
package io.arcly.stream.forward;
