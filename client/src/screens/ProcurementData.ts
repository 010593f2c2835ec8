import { graphql, MONEY, type ResultOf } from '../lib/graphql';
import { EVENT_FIELDS } from '../lib/live';

/**
 * One joint procurement as its screen shows it at the top and in the sections that share its
 * data (phase, participants and mandates, lots and values); the other sections ask for their own.
 */
export const ProcurementQuery = graphql(`
  query Procurement($id: ID!) {
    jointProcurement(id: $id) {
      id
      title
      description
      phase
      phaseChangedAt
      nextPhase
      canAdvance
      cancellationReason
      procedureType
      procedureCode
      contractType
      viewerIsCoordinator
      viewerMuted
      ocdsUrl
      exports { kind format url }
      calendarUrl
      noticeDownloads { type url fileName norwegianTailoring }
      leadAuthority { id name }
      needs { id title }
      timeline { phase status enteredAt }
      checklist { key label done pending opens }
      estimatedValue { ${MONEY} authorityCount }
      thresholdAssessment {
        country
        authorityLevel
        aboveNationalThreshold
        aboveEuThreshold
        estimatedValue { ${MONEY} }
        nationalThreshold { ${MONEY} }
        euThreshold { ${MONEY} }
        convertedCurrencies
        requiredNotices { kind description }
        rates { currency perEur date }
        lots {
          lot { id }
          authorityCount
          basis
          months
          statedValue { ${MONEY} }
          amountPerAuthority { ${MONEY} }
          estimatedValue { ${MONEY} }
        }
      }
      lots {
        id
        number
        title
        description
        cpvCodes
        cpv { code title }
        contractStart
        durationMonths
        optionCount
        optionMonths
        maxDurationMonths
        valueBasis
        frameworkAgreement
        statedValue { ${MONEY} authorityCount }
        estimatedValue { ${MONEY} authorityCount }
      }
      participants {
        id
        isLead
        organisation { id name }
        statedValues { lotId ${MONEY} }
        mandate {
          status
          decisionReference
          decisionDate
          signedAt
          signedBy { id displayName }
          withdrawnAt
          withdrawalReason
          lots { id number }
          document { id title }
        }
      }
      viewerParticipant { id organisation { id } }
      buyersThread { id }
      publicThread { id }
    }
  }
`);

/** The procurement's events: the screen refetches on them and hands them to its sections. */
export const ProcurementEventsSubscription = graphql(`
  subscription ProcurementEvents($procurementId: ID!, $after: ID) {
    procurementEvents(procurementId: $procurementId, after: $after) { ${EVENT_FIELDS} }
  }
`);

export type ProcurementData = ResultOf<typeof ProcurementQuery>['jointProcurement'];

/** What each section of the procurement screen is given: the procurement, and a refetch of it. */
export interface ProcurementSectionProps {
  p: ProcurementData;
  onChange: () => void;
}
