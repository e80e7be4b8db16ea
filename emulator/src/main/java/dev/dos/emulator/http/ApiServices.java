package dev.dos.emulator.http;

import dev.dos.emulator.model.Author;
import dev.dos.emulator.model.Channel;
import dev.dos.emulator.model.Message;
import dev.dos.emulator.store.RuntimeSettings;
import dev.dos.emulator.store.StateStore;

/** What route handlers share: state, settings, permission checks, views and message plumbing. */
final class ApiServices {
    final StateStore store;
    final RuntimeSettings settings;
    final Access access;
    final EntityViews entities;
    final MessageView messages;
    final MessagePayloadReader payloads;
    final MessageWriter writer;

    ApiServices(StateStore store, RuntimeSettings settings, EntityViews entities, MessageView messages) {
        this.store = store;
        this.settings = settings;
        this.access = new Access(store);
        this.entities = entities;
        this.messages = messages;
        this.payloads = new MessagePayloadReader(store.files());
        this.writer = new MessageWriter(store);
    }

    /** The channel named by {@code {channel.id}}; 10003 Unknown Channel if there is none. */
    Channel channel(ApiCall call) {
        long id = call.snowflakeParam("channel.id");
        return store.channel(id).orElseThrow(ApiErrors::unknownChannel);
    }

    /** The message named by {@code {message.id}} in {@code channel}; 10008 Unknown Message if none. */
    Message message(ApiCall call, Channel channel) {
        long id = call.snowflakeParam("message.id");
        return store.message(channel.id(), id).orElseThrow(ApiErrors::unknownMessage);
    }

    /** Checks {@code {guild.id}} names the sandbox guild; 10004 Unknown Guild otherwise. */
    void guild(ApiCall call) {
        if (call.snowflakeParam("guild.id") != store.guild().id()) {
            throw ApiErrors.unknownGuild();
        }
    }

    Author bot() {
        var identity = store.identity();
        return new Author(identity.botUserId(), identity.botUsername(), null);
    }
}
