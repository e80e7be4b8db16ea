package dev.dos.app.web;

import dev.dos.core.meta.MetadataStore;
import dev.dos.core.ops.Repository;
import dev.dos.core.ops.TransferOptions;
import dev.dos.core.ops.TransferPolicy;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The server's transfer policy ({@code --transfers}, {@code --bwlimit}) for the jobs and downloads
 * it starts: {@code GET /api/settings/transfers} shows it, {@code PUT} changes it for what starts
 * afterwards and keeps it in the index's settings, so the next {@code dos web} starts with it
 * unless its own flags say otherwise.
 */
final class TransferSettings {
    static final String TRANSFERS_KEY = "web.transfers";
    static final String BWLIMIT_KEY = "web.bwlimit_bytes_per_second";

    private final MetadataStore metadata;
    private final Repository repository;
    private final TransferPolicy policy;

    /** {@code given}: the server's flags; null: what the index kept, else the defaults. */
    TransferSettings(Repository repository, TransferOptions given) {
        this.repository = repository;
        this.metadata = repository.metadata();
        TransferOptions start = given != null ? given : stored().orElse(TransferOptions.defaults());
        this.policy = new TransferPolicy(start);
        if (given != null) {
            store(given);
        }
    }

    TransferOptions options() {
        return policy.options();
    }

    /** The store's repository as the policy paces it now. */
    Repository repository() {
        return policy.pace(repository);
    }

    void get(Context ctx) {
        ctx.json(view(policy.options()));
    }

    /**
     * Body {@code {"transfers": 1..16, "bwlimit": "5M"}} (a rate as {@code --bwlimit} takes it, "0"
     * for none) or {@code "bwlimit_bytes_per_second": n}; what is left out stays as it is.
     */
    void put(Context ctx) {
        JsonBody body = JsonBody.of(ctx, false);
        TransferOptions now = policy.options();
        int transfers = body.node().has("transfers") ? intField(body, "transfers", 1, TransferOptions.MAX_TRANSFERS)
                : now.transfers();
        long rate = body.node().has("bwlimit") ? rateField(body)
                : body.node().has("bwlimit_bytes_per_second") ? longField(body, "bwlimit_bytes_per_second")
                : now.bytesPerSecond();
        TransferOptions next = new TransferOptions(transfers, rate);
        policy.set(next);
        store(next);
        ctx.json(view(next));
    }

    static Map<String, Object> view(TransferOptions options) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("transfers", options.transfers());
        m.put("bwlimit_bytes_per_second", options.bytesPerSecond());
        return m;
    }

    private Optional<TransferOptions> stored() {
        try {
            int transfers = metadata.setting(TRANSFERS_KEY).map(Integer::parseInt).orElse(TransferOptions.DEFAULT_TRANSFERS);
            long rate = metadata.setting(BWLIMIT_KEY).map(Long::parseLong).orElse(0L);
            return metadata.setting(TRANSFERS_KEY).isPresent() || metadata.setting(BWLIMIT_KEY).isPresent()
                    ? Optional.of(new TransferOptions(transfers, rate)) : Optional.empty();
        } catch (IllegalArgumentException damaged) {
            return Optional.empty(); // a hand-edited value: the defaults rather than a server that cannot start
        }
    }

    private void store(TransferOptions options) {
        metadata.putSetting(TRANSFERS_KEY, Integer.toString(options.transfers()));
        metadata.putSetting(BWLIMIT_KEY, Long.toString(options.bytesPerSecond()));
    }

    private static int intField(JsonBody body, String name, int min, int max) {
        var node = body.node().get(name);
        if (!node.isIntegralNumber() || node.asLong() < min || node.asLong() > max) {
            throw ApiError.badRequest(name + " must be a whole number from " + min + " to " + max);
        }
        return node.asInt();
    }

    private static long rateField(JsonBody body) {
        var node = body.node().get("bwlimit");
        try {
            if (!node.isTextual()) {
                throw new IllegalArgumentException("not a rate: " + node);
            }
            return TransferOptions.parseRate(node.asText());
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("bwlimit: " + e.getMessage());
        }
    }

    private static long longField(JsonBody body, String name) {
        var node = body.node().get(name);
        if (!node.isIntegralNumber() || node.asLong() < 0 || !node.canConvertToLong()) {
            throw ApiError.badRequest(name + " must be a whole number of bytes per second, 0 for no cap");
        }
        return node.asLong();
    }
}
