/**
 * What every protocol that plays a stream to a remote peer shares: waiting for a publisher, and the
 * pump that turns a subscription into batched writes until the stream ends.
 */
package io.arcly.stream.kernel.play;
