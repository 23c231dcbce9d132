// Every value types.xsd allows in a t:FieldURI (UnindexedFieldURIType), grouped by prefix.
// Exchange validates requests against the schema, so a FieldURI outside this list fails the
// whole request with ErrorSchemaValidation; one inside it that the store cannot answer is just
// left out of the response. fieldUris.test.ts keeps the list equal to the schema copy.
const LINES = `
folder: FolderId ParentFolderId DisplayName UnreadCount TotalCount ChildFolderCount FolderClass SearchParameters
folder: ManagedFolderInformation PermissionSet EffectiveRights SharingEffectiveRights DistinguishedFolderId
folder: PolicyTag ArchiveTag ReplicaList
item: ItemId ParentFolderId ItemClass MimeContent Attachments Subject DateTimeReceived Size Categories
item: HasAttachments Importance InReplyTo InternetMessageHeaders IsAssociated IsDraft IsFromMe IsResend
item: IsSubmitted IsUnmodified DateTimeSent DateTimeCreated Body ResponseObjects Sensitivity ReminderDueBy
item: ReminderIsSet ReminderNextTime ReminderMinutesBeforeStart DisplayTo DisplayCc DisplayBcc Culture
item: EffectiveRights LastModifiedName LastModifiedTime ConversationId UniqueBody Flag StoreEntryId InstanceKey
item: NormalizedBody EntityExtractionResult PolicyTag ArchiveTag RetentionDate Preview PredictedActionReasons
item: IsClutter RightsManagementLicenseData BlockStatus HasBlockedImages WebClientReadFormQueryString
item: WebClientEditFormQueryString TextBody IconIndex MimeContentUTF8 Mentions MentionedMe MentionsPreview
item: MentionsEx Hashtags AppliedHashtags AppliedHashtagsPreview Likes LikesPreview PendingSocialActivityTagIds
item: AtAllMention CanDelete InferenceClassification FirstBody
message: ConversationIndex ConversationTopic InternetMessageId IsRead IsResponseRequested IsReadReceiptRequested
message: IsDeliveryReceiptRequested ReceivedBy ReceivedRepresenting References ReplyTo From Sender ToRecipients
message: CcRecipients BccRecipients ApprovalRequestData VotingInformation ReminderMessageData
meeting: AssociatedCalendarItemId IsDelegated IsOutOfDate HasBeenProcessed ResponseType ProposedStart
meeting: ProposedEnd
meetingRequest: MeetingRequestType IntendedFreeBusyStatus ChangeHighlights
calendar: Start End OriginalStart StartWallClock EndWallClock StartTimeZoneId EndTimeZoneId IsAllDayEvent
calendar: LegacyFreeBusyStatus Location EnhancedLocation When IsMeeting IsCancelled IsRecurring
calendar: MeetingRequestWasSent IsResponseRequested CalendarItemType MyResponseType Organizer RequiredAttendees
calendar: OptionalAttendees Resources ConflictingMeetingCount AdjacentMeetingCount ConflictingMeetings
calendar: AdjacentMeetings InboxReminders Duration TimeZone AppointmentReplyTime AppointmentSequenceNumber
calendar: AppointmentState Recurrence FirstOccurrence LastOccurrence ModifiedOccurrences DeletedOccurrences
calendar: MeetingTimeZone ConferenceType AllowNewTimeProposal IsOnlineMeeting MeetingWorkspaceUrl NetShowUrl UID
calendar: RecurrenceId DateTimeStamp StartTimeZone EndTimeZone JoinOnlineMeetingUrl OnlineMeetingSettings
calendar: IsOrganizer CalendarActivityData
task: ActualWork AssignedTime BillingInformation ChangeCount Companies CompleteDate Contacts DelegationState
task: Delegator DueDate IsAssignmentEditable IsComplete IsRecurring IsTeamTask Mileage Owner PercentComplete
task: Recurrence StartDate Status StatusDescription TotalWork
contacts: Alias AssistantName Birthday BusinessHomePage Children Companies CompanyName CompleteName
contacts: ContactSource Culture Department DisplayName DirectoryId DirectReports EmailAddresses
contacts: AbchEmailAddresses FileAs FileAsMapping Generation GivenName ImAddresses Initials JobTitle Manager
contacts: ManagerMailbox MiddleName Mileage MSExchangeCertificate Nickname Notes OfficeLocation PhoneNumbers
contacts: PhoneticFullName PhoneticFirstName PhoneticLastName Photo PhysicalAddresses PostalAddressIndex
contacts: Profession SpouseName Surname WeddingAnniversary UserSMIMECertificate HasPicture AccountName
contacts: IsAutoUpdateDisabled IsMessengerEnabled Comment ContactShortId ContactType CreatedBy Gender IsHidden
contacts: ObjectId PassportId IsPrivate SourceId TrustLevel Urls Cid SkypeAuthCertificate SkypeContext SkypeId
contacts: XboxLiveTag SkypeRelationship YomiNickname InviteFree HidePresenceAndProfile IsPendingOutbound
contacts: SupportGroupFeeds UserTileHash UnifiedInbox Mris Wlid AbchContactId NotInBirthdayCalendar
contacts: ShellContactType ImMri PresenceTrustLevel OtherMri ProfileLastChanged MobileIMEnabled
contacts: PartnerNetworkProfilePhotoUrl PartnerNetworkThumbnailPhotoUrl PersonId ConversationGuid
distributionlist: Members
postitem: PostedTime
person: FullName GivenName Surname PhoneNumber SMSNumber EmailAddress Alias Department LinkedInProfileLink
person: Skills ProfessionalBiography ManagementChain DirectReports Peers TeamSize CurrentJob Birthday Hometown
person: CurrentLocation CompanyProfile Office Headline MutualConnections Title MutualManager Insights
person: UserProfilePicture
rolemember: MemberType MemberId DisplayName
network: TokenRefreshLastCompleted TokenRefreshLastAttempted SyncEnabled RejectedOffers SessionHandle
network: RefreshTokenExpiry2 RefreshToken2 PsaLastChanged Offers LastWelcomeContact LastVersionSaved DomainTag
network: FirstAuthErrorDates ErrorOffers ContactSyncSuccess ContactSyncError ClientToken2 ClientToken
network: ClientPublishSecret UserEmail AutoLinkSuccess AutoLinkError IsDefault Settings ProfileUrl UserTileUrl
network: DomainId DisplayName AccountName SourceEntryID
abchperson: FavoriteOrder PersonId ExchangePersonIdGuid AntiLinkInfo RelevanceOrder1 RelevanceOrder2
abchperson: ContactHandles Categories
booking: ServiceIds StaffIds StaffInitials CustomerName CustomerEmail CustomerPhone CustomerId
insight: InsightId Type StartTimeUtc EndTimeUtc Status Version ApplicationsIds Text SuggestedActions AppContexts
`;

export const FIELD_URIS: ReadonlySet<string> = new Set(
  LINES.trim()
    .split('\n')
    .flatMap((line) => {
      const [prefix = '', ...names] = line.split(/\s+/);
      return names.map((name) => `${prefix}${name}`);
    }),
);

/** True when the schema allows this FieldURI value. */
export function isFieldUri(uri: string): boolean {
  return FIELD_URIS.has(uri);
}
