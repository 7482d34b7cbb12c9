/**
 * The project's own sample catalogue generator: parametric shoes and chairs in families of
 * near-identical instances, product-style photos rendered with Java2D and paired human-like free-hand
 * sketches drawn coarse to fine with timing, written as {@code catalogue/photos}, {@code manifest.csv} and
 * Quick, Draw! raw {@code sketches.ndjson}. Entry point: {@link org.fgsbir.core.samples.SampleCatalogueGenerator}.
 * Deterministic: every random choice derives from (seed, category, instance index).
 */
package org.fgsbir.core.samples;
