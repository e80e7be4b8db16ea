package dev.dos.core.ops;

/**
 * What a resume did.
 *
 * @param upload        the now complete batch
 * @param chunksSkipped chunks that were already stored and confirmed
 * @param chunksAdopted chunks found on the remote although the interrupted run never learned they
 *                      had arrived (not posted again)
 * @param chunksPosted  chunks this resume posted
 * @param postsRemoved  duplicate posts removed from the batch's thread (nothing referred to them)
 */
public record ResumeResult(UploadResult upload, int chunksSkipped, int chunksAdopted, int chunksPosted,
                           int postsRemoved) {
}
