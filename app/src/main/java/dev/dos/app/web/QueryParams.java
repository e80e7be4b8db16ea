package dev.dos.app.web;

import io.javalin.http.Context;

/** Reads optional query parameters, turning malformed values into 400 errors. */
final class QueryParams {
    private QueryParams() {
    }

    static int intParam(Context ctx, String name, int fallback, int min, int max) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value < min || value > max) {
                throw ApiError.badRequest(name + " must be between " + min + " and " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(name + " must be a whole number");
        }
    }

    static String choice(Context ctx, String name, String fallback, String... allowed) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        for (String a : allowed) {
            if (a.equals(text)) {
                return a;
            }
        }
        throw ApiError.badRequest(name + " must be one of " + String.join(", ", allowed));
    }
}
