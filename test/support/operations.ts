import { gql } from './graphql.js';

/**
 * The typed operations of the tests, by feature: what the factories and helpers send, and what more
 * than one test file sends, each with the selection its users need (a wider one costs nothing). An
 * operation that one test file alone sends stays in that file.
 */

// ---- groups ----

export const MEMBERSHIP = gql(`fragment MembershipFields on Membership {
  id role status joinedAt message organisation { id name } group { id }
}`);
export const THREAD = gql(`fragment ThreadFields on Thread {
  id title kind parentType lastSeq lastMessageAt unreadCount viewerLastReadSeq group { id } need { id }
}`);
/** Forms a group through the API (so it has its general thread), with what the group tests check. */
export const CREATE_GROUP = gql(
  `mutation($input: CreateBuyerGroupInput!) {
    createBuyerGroup(input: $input) {
      id name description focusArea cpvCodes visibility status createdBy { id }
      viewerMembership { role status joinedAt organisation { id } }
      memberships { totalCount nodes { role status joinedAt organisation { id } } }
      generalThread { ...ThreadFields }
    }
  }`,
  [THREAD],
);
export const UPDATE_GROUP = gql(`mutation($id: ID!, $input: UpdateBuyerGroupInput!) {
  updateBuyerGroup(id: $id, input: $input) { id name description focusArea cpvCodes visibility status }
}`);
export const LEAVE = gql(`mutation($groupId: ID!) { leaveGroup(groupId: $groupId) { ...MembershipFields } }`, [
  MEMBERSHIP,
]);
export const GROUP = gql(`query($id: ID!) {
  buyerGroup(id: $id) { id name visibility status viewerMembership { role status } }
}`);
export const MEMBERSHIPS = gql(`query($id: ID!, $status: [MembershipStatus!], $first: Int, $after: String) {
  buyerGroup(id: $id) {
    memberships(status: $status, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id role status organisation { id name kind } group { id name } } }
  }
}`);
export const INVITE = gql(
  `mutation($input: InviteOrganisationInput!) {
    inviteOrganisation(input: $input) { ...MembershipFields }
  }`,
  [MEMBERSHIP],
);
export const ACCEPT = gql(`mutation($groupId: ID!) { acceptInvitation(groupId: $groupId) { ...MembershipFields } }`, [
  MEMBERSHIP,
]);
export const DECLINE = gql(`mutation($groupId: ID!) { declineInvitation(groupId: $groupId) { ...MembershipFields } }`, [
  MEMBERSHIP,
]);
export const REQUEST = gql(
  `mutation($input: RequestToJoinInput!) {
    requestToJoin(input: $input) { ...MembershipFields }
  }`,
  [MEMBERSHIP],
);
export const APPROVE = gql(
  `mutation($input: ApproveJoinRequestInput!) {
    approveJoinRequest(input: $input) { ...MembershipFields }
  }`,
  [MEMBERSHIP],
);
export const DECLINE_REQUEST = gql(
  `mutation($input: MemberInput!) {
    declineJoinRequest(input: $input) { ...MembershipFields }
  }`,
  [MEMBERSHIP],
);
export const CHANGE_ROLE = gql(
  `mutation($input: ChangeMemberRoleInput!) {
    changeMemberRole(input: $input) { ...MembershipFields }
  }`,
  [MEMBERSHIP],
);
export const REMOVE_MEMBER = gql(
  `mutation($input: MemberInput!) { removeMember(input: $input) { ...MembershipFields } }`,
  [MEMBERSHIP],
);

export const GROUPS =
  gql(`query($scope: GroupScope, $search: String, $focusArea: FocusArea, $first: Int, $after: String) {
  buyerGroups(scope: $scope, search: $search, focusArea: $focusArea, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { id name viewerMembership { status } }
  }
}`);

// ---- needs ----

export const NEED_FIELDS = gql(`fragment NeedFields on SharedNeed {
  id title problem intendedEffects successCriteria cpvCodes status organisation { id } group { id }
}`);
export const INTEREST_FIELDS = gql(`fragment InterestFields on NeedInterest {
  id quantity unit annualValue currency wantedStart priority comment organisation { id name }
}`);
export const CREATE_NEED = gql(
  `mutation($input: CreateSharedNeedInput!) {
    createSharedNeed(input: $input) { ...NeedFields }
  }`,
  [NEED_FIELDS],
);
export const SET_INTEREST = gql(
  `mutation($input: SetNeedInterestInput!) {
    setNeedInterest(input: $input) { ...InterestFields }
  }`,
  [INTEREST_FIELDS],
);
export const UPDATE_NEED = gql(
  `mutation($id: ID!, $input: UpdateSharedNeedInput!) {
    updateSharedNeed(id: $id, input: $input) { ...NeedFields }
  }`,
  [NEED_FIELDS],
);
export const SET_NEED_STATUS = gql(`mutation($id: ID!, $status: NeedStatus!) {
  setSharedNeedStatus(id: $id, status: $status) { id status }
}`);
export const NEED_Q = gql(`query($id: ID!) { sharedNeed(id: $id) { ...NeedFields } }`, [NEED_FIELDS]);
export const GROUP_NEEDS = gql(`query($id: ID!, $first: Int, $after: String, $search: String, $status: [NeedStatus!]) {
  buyerGroup(id: $id) {
    id
    needs(first: $first, after: $after, search: $search, status: $status) { totalCount pageInfo { hasNextPage endCursor } nodes { id title status } }
  }
}`);
export const REMOVE_INTEREST = gql(`mutation($needId: ID!) {
  removeNeedInterest(needId: $needId) { id viewerInterest { id } }
}`);
export const DEMAND = gql(
  `query($id: ID!) {
    sharedNeed(id: $id) {
      id viewerInterest { id quantity organisation { id } }
      demand { authorityCount byUnit { unit total authorities } byCurrency { currency total authorities } }
      interests(first: 100) { totalCount nodes { ...InterestFields } }
    }
  }`,
  [INTEREST_FIELDS],
);

// ---- procurements ----

export const PARTICIPANT = gql(`fragment Participant on Participant {
  id isLead organisation { id } statedValues { lotId amount currency }
  mandate { status decisionReference decisionDate signedAt withdrawnAt withdrawalReason signedBy { id } lots { id } document { id } }
}`);
export const LOT = gql(`fragment Lot on Lot {
  id number title description cpvCodes need { id } estimatedValue { amount currency authorityCount }
  statedValue { amount currency authorityCount } values { amount currency organisation { id } }
  contractStart durationMonths optionCount optionMonths maxDurationMonths valueBasis frameworkAgreement
}`);
export const MILESTONE = gql(`fragment Milestone on Milestone { id kind title dueAt completedAt status }`);
export const CREATE_PROCUREMENT = gql(`mutation($input: CreateJointProcurementInput!) {
  createJointProcurement(input: $input) {
    id title phase lots { id number cpvCodes } participants { organisation { id } } buyersThread { id }
    publicThread { id }
  }
}`);
export const PHASE_Q = gql(`query($id: ID!) { jointProcurement(id: $id) { id phase checklist { key done } } }`);
export const ADVANCE = gql(`mutation($input: AdvancePhaseInput!) {
  advanceProcurementPhase(input: $input) {
    id phase nextPhase canAdvance checklist { key label done opens } timeline { phase status enteredAt }
  }
}`);
export const CANCEL = gql(`mutation($input: CancelProcurementInput!) {
  cancelJointProcurement(input: $input) {
    id phase cancellationReason nextPhase canAdvance checklist { key } timeline { phase status enteredAt }
  }
}`);
export const ADD_PARTICIPANT = gql(
  `mutation($input: ParticipantInput!) {
    addProcurementParticipant(input: $input) { ...Participant }
  }`,
  [PARTICIPANT],
);
export const ADD_LOT = gql(
  `mutation($p: ID!, $input: LotInput!) {
    addProcurementLot(procurementId: $p, input: $input) { ...Lot }
  }`,
  [LOT],
);
export const SET_VALUE = gql(`mutation($input: SetLotValueInput!) {
  setLotValue(input: $input) { lotId amount currency organisation { id } }
}`);
export const SIGN = gql(`mutation($input: SignMandateInput!) { signMandate(input: $input) { ...Participant } }`, [
  PARTICIPANT,
]);
export const WITHDRAW = gql(
  `mutation($input: WithdrawMandateInput!) {
    withdrawMandate(input: $input) { ...Participant }
  }`,
  [PARTICIPANT],
);
export const SET_MILESTONE = gql(
  `mutation($input: SetMilestoneInput!) {
    setProcurementMilestone(input: $input) { ...Milestone }
  }`,
  [MILESTONE],
);
export const PROC = gql(
  `fragment Proc on JointProcurement {
    id title description phase procedureType procedureCode contractType cancellationReason group { id }
    leadAuthority { id } needs { id } lots { ...Lot } participants { ...Participant }
    viewerParticipant { id organisation { id } } viewerIsCoordinator
    estimatedValue { amount currency authorityCount } nextPhase canAdvance checklist { key label done opens }
    timeline { phase status enteredAt } milestones { id kind title dueAt completedAt status }
    buyersThread { id kind } publicThread { id kind }
  }`,
  [LOT, PARTICIPANT],
);
export const CREATE_P = gql(
  `mutation($input: CreateJointProcurementInput!) {
    createJointProcurement(input: $input) { ...Proc }
  }`,
  [PROC],
);
export const GET_P = gql(`query($id: ID!) { jointProcurement(id: $id) { ...Proc } }`, [PROC]);
export const THRESHOLDS = gql(`query($id: ID!) {
  jointProcurement(id: $id) {
    id
    thresholdAssessment {
      country authorityLevel estimatedValue { amount currency } convertedCurrencies nationalThreshold { amount currency }
      euThreshold { amount currency } aboveNationalThreshold aboveEuThreshold requiredNotices { kind description }
      thresholdsValidFrom explanation rates { currency perEur date }
      lots {
        lot { id number } authorityCount basis statedValue { amount currency } statedValues { amount currency authorityCount }
        amountPerAuthority { amount currency } months estimatedValue { amount currency } explanation
      }
    }
  }
}`);
export const GROUP_PROCUREMENTS = gql(`query($id: ID!) {
  buyerGroup(id: $id) { id procurements(first: 20) { totalCount nodes { id title } } }
}`);
export const UPDATE_P = gql(`mutation($id: ID!, $input: UpdateJointProcurementInput!) {
  updateJointProcurement(id: $id, input: $input) { id title description leadAuthority { id } }
}`);
export const REMOVE_PART = gql(`mutation($input: ParticipantInput!) {
  removeProcurementParticipant(input: $input) { id participants { organisation { id } } }
}`);
export const UPDATE_LOT = gql(
  `mutation($id: ID!, $input: UpdateLotInput!) {
    updateProcurementLot(id: $id, input: $input) { ...Lot }
  }`,
  [LOT],
);
export const REMOVE_LOT = gql(`mutation($id: ID!) { removeProcurementLot(id: $id) { id lots { id number } } }`);
export const COMPLETE_MILESTONE = gql(
  `mutation($id: ID!, $completed: Boolean!) {
    completeProcurementMilestone(id: $id, completed: $completed) { ...Milestone }
  }`,
  [MILESTONE],
);
export const REMOVE_MILESTONE = gql(`mutation($id: ID!) {
  removeProcurementMilestone(id: $id) { id milestones { id } }
}`);

// ---- documents ----

export const DOC = gql(`fragment Doc on Document {
  id title kind language visibility parentType currentVersion publishedVersion publishedAt deletedAt
  group { id } need { id } organisation { id }
}`);
export const VERSION = gql(`fragment Version on DocumentVersion {
  id number content text fileName mediaType size sha256 changeNote createdAt downloadPath author { id }
  authorOrganisation { id }
}`);
export const CREATE_DOC = gql(
  `mutation($input: CreateDocumentInput!) {
    createDocument(input: $input) { ...Doc versions { ...Version } }
  }`,
  [DOC, VERSION],
);
export const DOC_Q = gql(
  `query($id: ID!) {
    document(id: $id) { ...Doc latestVersion { number } versions { ...Version } }
  }`,
  [DOC, VERSION],
);
export const UPDATE_DOC = gql(
  `mutation($id: ID!, $input: UpdateDocumentInput!) {
    updateDocument(id: $id, input: $input) { ...Doc }
  }`,
  [DOC],
);
export const ADD_TEXT = gql(`mutation($input: AddTextVersionInput!) { addTextVersion(input: $input) { ...Version } }`, [
  VERSION,
]);
export const DELETE_DOC = gql(`mutation($id: ID!) { deleteDocument(id: $id) { id deletedAt } }`);
export const NEED_DOCS = gql(`query($id: ID!) {
  sharedNeed(id: $id) { id documents(first: 100) { totalCount nodes { id title parentType } } }
}`);
export const ADD_FILE = gql(`mutation($input: AddFileVersionInput!) { addFileVersion(input: $input) { ...Version } }`, [
  VERSION,
]);
export const DIFF = gql(`query($d: ID!, $from: Int!, $to: Int!) {
  documentDiff(documentId: $d, from: $from, to: $to) {
    oldStart oldLines newStart newLines lines { kind text }
  }
}`);
export const GROUP_DOCS = gql(`query($id: ID!) {
  buyerGroup(id: $id) { id documents(first: 100) { totalCount nodes { id title parentType } } }
}`);

// ---- decisions ----

export const DECISION = gql(`fragment Decision on Decision {
  id title options quorum closesAt gate status outcome winningOption winningOptionLabel approved closedAt
  counts { option votes } votes { option organisation { id } votedBy { id } } viewerVote
}`);
export const OPEN_DECISION = gql(
  `mutation($input: OpenDecisionInput!) {
    openDecision(input: $input) { ...Decision }
  }`,
  [DECISION],
);
export const CAST_VOTE = gql(`mutation($input: CastVoteInput!) { castVote(input: $input) { ...Decision } }`, [
  DECISION,
]);
export const CLOSE_DECISION = gql(`mutation($id: ID!) { closeDecision(id: $id) { ...Decision } }`, [DECISION]);

// ---- benefits ----

export const ADD_INDICATOR = gql(`mutation($input: AddIndicatorInput!) {
  addBenefitIndicator(input: $input) { id name }
}`);
export const RECORD = gql(`mutation($input: RecordMeasurementInput!) {
  recordBenefitMeasurement(input: $input) { id kind value measuredOn note organisation { id } }
}`);

// ---- market dialogue ----

export const PUBLISH_NOTICE = gql(`mutation($input: PublishDialogueNoticeInput!) {
  publishDialogueNotice(input: $input) {
    id dialogue { published publishedAt notice open questionDeadline maxBookingsPerSupplier }
    milestones { kind dueAt }
  }
}`);
export const REGISTER = gql(`mutation($id: ID!) { registerForDialogue(procurementId: $id) { id registered } }`);
export const ASK = gql(`mutation($input: AskQuestionInput!) {
  askDialogueQuestion(input: $input) { id number text status askedAt publishedQuestion answer }
}`);
export const ANSWER = gql(`mutation($input: AnswerQuestionInput!) {
  answerDialogueQuestion(input: $input) {
    id number text status publishedQuestion answer revision revisions { revision question answer }
  }
}`);
export const OPEN_SLOTS = gql(`mutation($input: OpenSlotsInput!) {
  openDialogueSlots(input: $input) {
    id startsAt endsAt location bookedAt bookedBy { id } bookedByOrganisation { id }
  }
}`);
export const BOOK = gql(`mutation($id: ID!) {
  bookDialogueSlot(slotId: $id) { id available bookedByMyOrganisation }
}`);
export const ADMIN = gql(`query($id: ID!) {
  jointProcurement(id: $id) {
    id
    dialogue { published publishedAt notice open questionDeadline maxBookingsPerSupplier registrations { registeredAt organisation { id } user { id } } questions { id number text status publishedQuestion answer revision askedAt answeredAt revisions { revision question answer publishedAt } askedBy { id } askedByOrganisation { id } } slots { id startsAt endsAt location bookedAt bookedBy { id } bookedByOrganisation { id } } }
  }
}`);
export const NOTICE = gql(`fragment Notice on MarketDialogue {
  id title notice publishedAt open phase questionDeadline maxBookingsPerSupplier registered
  leadAuthority { name kind country organisationNumber }
  contractingAuthorities { name kind country organisationNumber } lots { number title description cpvCodes }
}`);
/** What only registered suppliers may read. */
export const INSIDER = gql(`fragment Insider on MarketDialogue {
  documents { id title kind language version publishedAt mediaType fileName size text downloadUrl }
  questions { id number question answer revision answeredAt updatedAt askedByMyOrganisation revisions { revision question answer publishedAt } }
  myQuestions { id number text status askedAt publishedQuestion answer }
  slots { id startsAt endsAt location available bookedByMyOrganisation }
  publicMessages { id seq body authorName authorOrganisationName createdAt editedAt }
}`);
export const MD_NOTICE = gql(`query($id: ID!) { marketDialogue(procurementId: $id) { ...Notice } }`, [NOTICE]);
export const MD = gql(`query($id: ID!) { marketDialogue(procurementId: $id) { ...Notice ...Insider } }`, [
  NOTICE,
  INSIDER,
]);
export const MD_LIST = gql(`query($search: String) {
  marketDialogues(search: $search, first: 100) { id title notice }
}`);
export const EDIT_ANSWER = gql(`mutation($input: AnswerQuestionInput!) {
  editDialogueAnswer(input: $input) {
    id status publishedQuestion answer revision revisions { revision question answer }
  }
}`);
export const WITHDRAW_Q = gql(`mutation($id: ID!) { withdrawDialogueQuestion(questionId: $id) { id status } }`);
export const REMOVE_SLOT = gql(`mutation($id: ID!) { removeDialogueSlot(slotId: $id) { id } }`);
export const CANCEL_BOOKING = gql(`mutation($id: ID!) {
  cancelDialogueBooking(slotId: $id) { id available bookedByMyOrganisation }
}`);

// ---- discussions ----

export const MESSAGE = gql(`fragment Msg on Message {
  id seq body createdAt editedAt deletedAt author { id } authorOrganisation { id } thread { id }
  replyTo { id seq } mentions { id } reactions { emoji count viewerReacted } revisions { body change }
}`);
export const POST = gql(`mutation($input: PostMessageInput!) { postMessage(input: $input) { ...Msg } }`, [MESSAGE]);
export const CREATE_THREAD = gql(
  `mutation($input: CreateThreadInput!) {
    createThread(input: $input) { ...ThreadFields }
  }`,
  [THREAD],
);
export const THREAD_Q = gql(`query($id: ID!) { thread(id: $id) { ...ThreadFields } }`, [THREAD]);
export const GROUP_DISCUSSIONS = gql(`query($id: ID!) {
  buyerGroup(id: $id) {
    id unreadCount generalThread { id kind parentType title }
    threads(first: 100) { totalCount nodes { id kind parentType title need { id } } }
  }
}`);
export const GROUP_GENERAL = gql(`query($id: ID!) { buyerGroup(id: $id) { id generalThread { id } } }`);
export const GROUP_THREADS = gql(`query($id: ID!) { buyerGroup(id: $id) { id threads { totalCount } } }`);
export const GROUP_UNREAD = gql(`query($id: ID!) { buyerGroup(id: $id) { id unreadCount } }`);
export const NEED_THREADS = gql(`query($id: ID!) {
  sharedNeed(id: $id) { id threads(first: 100) { totalCount nodes { id parentType need { id } } } }
}`);
export const POST_WITH_THREAD = gql(`mutation($input: PostMessageInput!) {
  postMessage(input: $input) { id seq thread { id lastSeq } }
}`);
export const EDIT_MESSAGE = gql(`mutation($input: EditMessageInput!) { editMessage(input: $input) { ...Msg } }`, [
  MESSAGE,
]);
export const DELETE_MESSAGE = gql(`mutation($id: ID!) { deleteMessage(messageId: $id) { ...Msg } }`, [MESSAGE]);
export const REACT = gql(`mutation($input: SetReactionInput!) {
  setReaction(input: $input) { id reactions { emoji count viewerReacted } }
}`);
export const MARK_READ = gql(`mutation($threadId: ID!, $seq: Int) {
  markThreadRead(threadId: $threadId, seq: $seq) { id lastSeq viewerLastReadSeq unreadCount }
}`);
export const TYPING = gql(
  `mutation($threadId: ID!, $typing: Boolean!) { setTyping(threadId: $threadId, typing: $typing) }`,
);
export const MESSAGES = gql(`query($id: ID!, $first: Int, $after: Int, $last: Int, $before: Int) {
  thread(id: $id) {
    id
    messages(first: $first, after: $after, last: $last, before: $before) { nodes { seq body } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }
  }
}`);
export const MESSAGE_IN_THREAD = gql(
  `query($id: ID!) {
    thread(id: $id) { id messages(first: 100) { nodes { ...Msg } } }
  }`,
  [MESSAGE],
);

// ---- live ----

export const PROCUREMENT_EVENTS = gql(`subscription($procurementId: ID!, $after: ID) {
  procurementEvents(procurementId: $procurementId, after: $after) {
    id type groupId scopeType scopeId payload actor { id }
  }
}`);
export const DIALOGUE_EVENTS = gql(`subscription($procurementId: ID!, $after: ID) {
  dialogueEvents(procurementId: $procurementId, after: $after) {
    id type groupId scopeType scopeId payload createdAt
  }
}`);
export const GROUP_EVENTS = gql(`subscription($groupId: ID!, $after: ID) {
  groupEvents(groupId: $groupId, after: $after) { id type groupId scopeType scopeId payload }
}`);
