import { graphql, type ResultOf } from '../lib/graphql';

/**
 * Each lot's tenders and award, and the award decisions (open or closed) that name a lot, for the
 * procurement's "Tenders and award" section. Only the procurement's buyers may read them.
 */
export const AwardQuery = graphql(`
  query ProcurementAward($id: ID!) {
    jointProcurement(id: $id) {
      id
      lots {
        id
        number
        title
        frameworkAgreement
        tenders {
          id
          receivedAt
          amount
          currency
          status
          rejectionReason
          supplier {
            id
            name
            country
            organisationNumber
          }
        }
        award {
          id
          awardedAt
          notifiedAt
          standstillEndsAt
          standstillDays
          suppliers {
            id
            name
          }
          decision {
            id
            title
          }
          contracts {
            id
          }
        }
      }
      decisions {
        id
        title
        status
        closesAt
        award {
          lot {
            id
          }
          suppliers {
            id
            name
          }
        }
      }
    }
  }
`);

export type AwardData = ResultOf<typeof AwardQuery>['jointProcurement'];
export type AwardLot = AwardData['lots'][number];
export type Tender = AwardLot['tenders'][number];
export type LotAward = NonNullable<AwardLot['award']>;

/** What a change reports to the section's live region; true when it went through (see useStatus). */
export type Report = (result: { error?: unknown }, text: string) => boolean;

/** The phases in which an award's notification and its contracts are recorded (the API's rule). */
export const CONTRACT_PHASES = ['COMPETITION', 'CONTRACT_FOLLOW_UP'];

/** The phases from the competition on, where tenders, awards and contracts exist. */
export const FROM_COMPETITION = ['COMPETITION', 'CONTRACT_FOLLOW_UP', 'BENEFITS_REALISATION', 'CLOSED'];
