/**
 * Sketches as stroke sequences ({@link org.fgsbir.core.sketch.Sketch},
 * {@link org.fgsbir.core.sketch.Stroke}) and strict readers for the sketch formats
 * ({@link org.fgsbir.core.sketch.SketchFormat}): the line-based ndjson formats Quick, Draw!
 * ({@link org.fgsbir.core.sketch.QuickDrawReader}) and SketchX / QMUL {@code [x, y, pen]} rows
 * ({@link org.fgsbir.core.sketch.SketchXReader}), and the whole-file formats SVG
 * ({@link org.fgsbir.core.sketch.SvgSketchReader}, hardened XML parsing), sketch-rnn stroke-3 {@code .npz}
 * ({@link org.fgsbir.core.sketch.Stroke3Reader}) and the on-the-fly coordinate pickle
 * ({@link org.fgsbir.core.sketch.CoordinatePickleReader}); the last two read pickled numpy data with a
 * restricted reader that rebuilds arrays and executes nothing. {@link org.fgsbir.core.sketch.SketchReaders}
 * chooses between them. Readers fail on the first bad record with a
 * {@link org.fgsbir.core.sketch.SketchFormatException} that names the file, the line (ndjson) and the
 * sketch.
 */
package org.fgsbir.core.sketch;
