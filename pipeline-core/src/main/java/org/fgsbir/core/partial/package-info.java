/**
 * Partial sketches for on-the-fly retrieval: a {@link org.fgsbir.core.partial.PartialProtocol} cuts a
 * complete sketch into the growing prefixes a user draws ({@link org.fgsbir.core.partial.PartialSketch}),
 * by strokes or by slices of points.
 */
package org.fgsbir.core.partial;
