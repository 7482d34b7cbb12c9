/**
 * The TensorFlow engine (TensorFlow Java 1.1, graph mode), kept out of {@code pipeline-core}.
 *
 * <ul>
 *   <li>{@link org.fgsbir.jobs.tf.TensorFlowEmbedder} (engine {@code tensorflow}, registered through
 *       {@code META-INF/services}): one branch of any SavedModel, chosen by the model spec's uri and its
 *       {@code tf.*} options ({@link org.fgsbir.jobs.tf.TfModelOptions}; in configuration the
 *       {@code model.tf.*} settings), validated when opened. On executors the model is loaded once per JVM
 *       ({@link org.fgsbir.jobs.tf.SharedSavedModel}) and each task gets its own session, closed when the task
 *       ends, on the GPU Spark assigned to the task or on the CPU ({@link org.fgsbir.jobs.tf.TaskDevice}); a
 *       model uri on a Hadoop file system is copied once per JVM to a local cache
 *       ({@link org.fgsbir.jobs.tf.ModelCache}).
 *   <li>{@link org.fgsbir.jobs.tf.Trainer}: trains the two-branch network
 *       ({@link org.fgsbir.jobs.tf.NetworkConfig}) with a triplet ranking loss and Adam, validates each
 *       epoch, checkpoints and resumes, and exports a SavedModel
 *       ({@link org.fgsbir.jobs.tf.SavedModelExport}: signatures {@code embed_photo} and {@code embed_sketch})
 *       with a {@code model-card.json}.
 * </ul>
 *
 * <p>JavaCPP unpacks the natives (~650 MB) into {@code -Dorg.bytedeco.javacpp.cachedir} (the build and
 * {@code bin/fgsbir} use {@code ~/.cache/fgsbir-javacpp}); set {@code TF_CPP_MIN_LOG_LEVEL=2} to quiet the
 * native log.
 */
package org.fgsbir.jobs.tf;
