import { IsString, Length, Matches } from 'class-validator';
import { MAX_MESSAGE_LENGTH } from '../../chat/dto/stream.dto';

/** `POST /chats/:id/replies`: a person's answer to a WhatsApp or e-mail conversation. */
export class ChannelReplyDto {
  @IsString()
  @Length(1, MAX_MESSAGE_LENGTH)
  @Matches(/\S/, { message: 'text must not be blank' })
  text!: string;
}
