package dev.dos.core.ops;

/** No batch matches the id or prefix the user gave (or the prefix matches several). */
public class BatchNotFoundException extends RuntimeException {
    public BatchNotFoundException(String message) {
        super(message);
    }
}
