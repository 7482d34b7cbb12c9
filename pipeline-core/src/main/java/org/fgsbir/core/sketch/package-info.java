/**
 * Sketches as stroke sequences ({@link org.fgsbir.core.sketch.Sketch},
 * {@link org.fgsbir.core.sketch.Stroke}) and strict readers for the ndjson sketch formats: Quick, Draw!
 * ({@link org.fgsbir.core.sketch.QuickDrawReader}) and SketchX / QMUL {@code [x, y, pen]} rows
 * ({@link org.fgsbir.core.sketch.SketchXReader}), with {@link org.fgsbir.core.sketch.SketchReaders}
 * choosing between them. Readers fail on the first bad record with a
 * {@link org.fgsbir.core.sketch.SketchFormatException} that names the file, the line and the sketch.
 */
package org.fgsbir.core.sketch;
