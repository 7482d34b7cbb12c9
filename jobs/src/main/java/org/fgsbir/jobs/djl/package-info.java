/**
 * The DJL engine ({@code djl}): TorchScript models through DJL's PyTorch engine and ONNX models through
 * its ONNX Runtime engine, behind the {@link org.fgsbir.core.embed.Embedder} port, strictly offline.
 * This is how models trained with PyTorch research code (most FG-SBIR code) run in the pipeline.
 */
package org.fgsbir.jobs.djl;
