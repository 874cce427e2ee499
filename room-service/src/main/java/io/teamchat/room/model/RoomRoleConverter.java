package io.teamchat.room.model;

import io.teamchat.membership.RoomRole;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores {@link RoomRole} as 'owner' / 'member', the values the table's check constraint allows. */
@Converter(autoApply = true)
public class RoomRoleConverter implements AttributeConverter<RoomRole, String> {

    @Override
    public String convertToDatabaseColumn(RoomRole role) {
        return role == null ? null : role.wireName();
    }

    @Override
    public RoomRole convertToEntityAttribute(String value) {
        return value == null ? null : RoomRole.fromWireName(value);
    }
}
