import type { FeatureModule } from '../../common/module.js';
import { DialogueEventDataResolver } from './dialogue-event.resolver.js';
import { DialogueAnswerRevision, DialogueQuestion, DialogueRegistration, DialogueSlot } from './dialogue.entity.js';
import {
  BuyerQuestionResolver,
  BuyerSlotResolver,
  DialogueAdminResolver,
  DialogueRegistrationResolver,
  MarketDialogueResolver,
  ProcurementDialogueResolver,
  PublicLotResolver,
} from './dialogue.resolver.js';

export const dialogueModule: FeatureModule = {
  name: 'dialogue',
  entities: [DialogueRegistration, DialogueQuestion, DialogueAnswerRevision, DialogueSlot],
  resolvers: [
    DialogueEventDataResolver,
    MarketDialogueResolver,
    DialogueAdminResolver,
    BuyerQuestionResolver,
    BuyerSlotResolver,
    DialogueRegistrationResolver,
    ProcurementDialogueResolver,
    PublicLotResolver,
  ],
};
