/**
 * The one result model of dos's two doors: every JSON object the CLI's {@code --json} prints and
 * the web API answers is made here, from the records the core's operations and index return, so a
 * batch, an entry, a chunk, the stats, a verify, sync, backup, upload, resume or restore result and
 * a job have one set of keys wherever they are shown (docs/API.md, "Result objects"). The one-line
 * summaries both doors print or store as a job's message are in {@link dev.dos.app.summary.ResultLines}.
 *
 * <p>Why here and not in core: the core returns typed records and knows nothing of JSON or of
 * naming for scripts; the keys are a contract of the app's two interfaces, and both live in this
 * module. Views are plain ordered maps, so either door serializes them with its own Jackson.
 */
package dev.dos.app.results;
