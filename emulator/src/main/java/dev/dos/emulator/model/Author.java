package dev.dos.emulator.model;

/**
 * Who posted a message: the bot ({@code webhookId == null}) or a webhook, whose messages carry
 * the webhook's id as author id and the name it posted under.
 */
public record Author(long id, String username, Long webhookId) {

    public boolean isWebhook() {
        return webhookId != null;
    }
}
