import { useTranslation } from 'react-i18next';

/**
 * A thread's title in the interface language: the server names the group's general thread and each
 * procurement's two channels in English ("General", "Buyers", "Market dialogue"); those show as
 * their translations, topics by the title their author gave them.
 */
export function useThreadTitle() {
  const { t } = useTranslation();
  return (thread: { kind: string; title: string }): string => {
    switch (thread.kind) {
      case 'GENERAL':
        return t('threads.general');
      case 'BUYERS':
        return t('procurement.buyersChannel');
      case 'PUBLIC_DIALOGUE':
        return t('procurement.publicChannel');
      default:
        return thread.title;
    }
  };
}
