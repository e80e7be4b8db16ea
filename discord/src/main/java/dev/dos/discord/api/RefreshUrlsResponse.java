package dev.dos.discord.api;

import java.util.List;

/** Freshly signed CDN links, each paired with the link it replaces. */
public record RefreshUrlsResponse(List<RefreshedUrl> refreshedUrls) {
    public RefreshUrlsResponse {
        refreshedUrls = refreshedUrls == null ? List.of() : List.copyOf(refreshedUrls);
    }

    public record RefreshedUrl(String original, String refreshed) {
    }
}
