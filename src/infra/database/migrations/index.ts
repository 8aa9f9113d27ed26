import { CreateAuth1764190000000 } from './1764190000000-create-auth';
import { CreatePipeline1764200000000 } from './1764200000000-create-pipeline';
import { CreateWidgets1764300000000 } from './1764300000000-create-widgets';
import { CreateChannels1764400000000 } from './1764400000000-create-channels';
import { CreateWebhooks1764400300000 } from './1764400300000-create-webhooks';
import { CreateVectorStore1764500000000 } from './1764500000000-create-vector-store';
import { CreateFileTexts1764500100000 } from './1764500100000-create-file-texts';
import { CreateKnowledge1764600000000 } from './1764600000000-create-knowledge';
import { CreateMemories1764600100000 } from './1764600100000-create-memories';
import { CreateFeedback1764600200000 } from './1764600200000-create-feedback';
import { CreateWidgetSources1764600300000 } from './1764600300000-create-widget-sources';
import { CreateWidgetVisitorFiles1764600900000 } from './1764600900000-create-widget-visitor-files';
import { MessageVersionsAndThinking1764700400000 } from './1764700400000-message-versions-and-thinking';

/** Every migration, in order. Listed explicitly so the app, the CLI and tests run the same set. */
export const MIGRATIONS = [CreateAuth1764190000000, CreatePipeline1764200000000, CreateWidgets1764300000000, CreateChannels1764400000000, CreateWebhooks1764400300000, CreateVectorStore1764500000000, CreateFileTexts1764500100000, CreateKnowledge1764600000000, CreateMemories1764600100000, CreateFeedback1764600200000, CreateWidgetSources1764600300000, CreateWidgetVisitorFiles1764600900000, MessageVersionsAndThinking1764700400000];
