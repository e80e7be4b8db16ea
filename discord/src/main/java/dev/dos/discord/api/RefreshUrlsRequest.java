package dev.dos.discord.api;

import java.util.List;

/** Asks for freshly signed CDN links (at most 50). */
public record RefreshUrlsRequest(List<String> attachmentUrls) {
}
